# ctest hardening: the built library imports __stack_chk_fail, i.e. it was compiled with stack
# canaries (-fstack-protector-strong), and its stack is not executable (no object, assembly ones
# included, asked for one). Usage: cmake -DNM=<nm> -DREADELF=<readelf> -DLIB=<libgkm_native.so> -P <this>
execute_process(COMMAND "${NM}" -D --undefined-only "${LIB}" OUTPUT_VARIABLE syms RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${NM} failed on ${LIB}")
endif()
if(NOT syms MATCHES "__stack_chk_fail")
  message(FATAL_ERROR "${LIB} has no stack canaries (no __stack_chk_fail import)")
endif()
message(STATUS "${LIB}: stack canaries present")

if(READELF)
  execute_process(COMMAND "${READELF}" -lW "${LIB}" OUTPUT_VARIABLE segs RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${READELF} failed on ${LIB}")
  endif()
  if(NOT segs MATCHES "GNU_STACK[^\n]* RW  ")
    message(FATAL_ERROR "${LIB} has no GNU_STACK segment or an executable stack")
  endif()
  message(STATUS "${LIB}: non-executable stack")
endif()
