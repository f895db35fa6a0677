/*
 * ctest: gkm_random_bytes. Argument checks; every size 0..300 (the per-thread buffer's small
 * requests and the direct ones) gives bytes, and no two requests repeat (a buffer handed out twice
 * would); requests that cross a buffer refill; a forked child does not get the bytes its parent
 * gets next (the parent's buffer is not reused in the child).
 */
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gkm_native.h"
#include "test_check.h"

#define N_REQ 2000

static uint8_t seen[N_REQ][32];

int main(void) {
    uint8_t buf[300];
    EXPECT(gkm_random_bytes(NULL, 1) == GKM_ERR_BOUNDS);
    EXPECT(gkm_random_bytes(buf, -1) == GKM_ERR_BOUNDS);
    EXPECT(gkm_random_bytes(NULL, 0) == GKM_OK);
    for (int len = 1; len <= 300; len++) {
        memset(buf, 0, sizeof buf);
        EXPECT(gkm_random_bytes(buf, len) == GKM_OK);
        int nonzero = 0;
        for (int i = 0; i < len; i++) nonzero |= buf[i];
        if (len >= 8) EXPECT(nonzero != 0);
    }
    /* 2000 x 32 bytes crosses the 4 KiB buffer many times; no request may repeat another */
    for (int i = 0; i < N_REQ; i++) {
        EXPECT(gkm_random_bytes(seen[i], 32) == GKM_OK);
        for (int j = 0; j < i; j++) {
            if (memcmp(seen[i], seen[j], 32) == 0) {
                EXPECT(!"repeated 32-byte output");
                break;
            }
        }
    }
    /* fork: the child's next bytes differ from the parent's next bytes */
    int fd[2];
    EXPECT(pipe(fd) == 0);
    pid_t pid = fork();
    if (pid == 0) {
        uint8_t c[32];
        int ok = gkm_random_bytes(c, 32) == GKM_OK && write(fd[1], c, 32) == 32;
        _exit(ok ? 0 : 1);
    }
    uint8_t parent[32], child[32];
    EXPECT(gkm_random_bytes(parent, 32) == GKM_OK);
    EXPECT(read(fd[0], child, 32) == 32);
    int status = 0;
    EXPECT(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
    EXPECT(memcmp(parent, child, 32) != 0);
    return check_done("random");
}
