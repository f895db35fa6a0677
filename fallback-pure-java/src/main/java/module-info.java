/**
 * The pure-Java provider: JCA (SunJCE, SunEC) first, Bouncy Castle where the JDK lacks a primitive.
 * It exports nothing; {@link java.util.ServiceLoader} finds it (also through
 * {@code META-INF/services} on the class path).
 */
module org.gkm.crypto.java {
    requires org.gkm.crypto;
    requires org.bouncycastle.provider;

    provides org.gkm.crypto.spi.CryptoSpi with org.gkm.crypto.java.PureJavaProvider;
}
