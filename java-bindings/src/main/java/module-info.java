/**
 * The OpenSSL provider: libcrypto and libgkm_native through the FFM API. It exports nothing;
 * {@link java.util.ServiceLoader} finds it (also through {@code META-INF/services} on the class
 * path). Its downcalls are restricted methods: run with
 * {@code --enable-native-access=org.gkm.crypto.openssl} on the module path,
 * {@code --enable-native-access=ALL-UNNAMED} on the class path.
 */
module org.gkm.crypto.openssl {
    requires org.gkm.crypto;

    provides org.gkm.crypto.spi.CryptoSpi with org.gkm.crypto.openssl.OpenSslProvider;
}
