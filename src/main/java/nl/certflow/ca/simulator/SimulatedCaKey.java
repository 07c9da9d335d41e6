package nl.certflow.ca.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** The simulated CA's private key and self-signed certificate, and the PEM forms they are stored in. */
record SimulatedCaKey(PrivateKey privateKey, X509CertificateHolder certificate) {

    // Encoded O first, CN last (most significant first), so it reads "CN=certflow Simulated CA (not
    // trusted),O=certflow".
    static final X500Name NAME = new X500NameBuilder(BCStyle.INSTANCE)
            .addRDN(BCStyle.O, "certflow")
            .addRDN(BCStyle.CN, "certflow Simulated CA (not trusted)")
            .build();
    private static final int VALIDITY_YEARS = 10;

    // A private instance: the simulator must not depend on (or change) the JVM-wide provider list.
    static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

    static SimulatedCaKey generate(Instant notBefore) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BOUNCY_CASTLE);
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair key = generator.generateKeyPair();
            Instant notAfter =
                    notBefore.atOffset(ZoneOffset.UTC).plusYears(VALIDITY_YEARS).toInstant();
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509CertificateHolder certificate = new JcaX509v3CertificateBuilder(
                            NAME, BigInteger.ONE, Date.from(notBefore), Date.from(notAfter), NAME, key.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(
                            Extension.subjectKeyIdentifier,
                            false,
                            extensions.createSubjectKeyIdentifier(key.getPublic()))
                    .build(signer(key.getPrivate()));
            return new SimulatedCaKey(key.getPrivate(), certificate);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("Cannot create the simulated CA", e);
        }
    }

    /** Reads a stored key; accepts PKCS#8 ("PRIVATE KEY", what we write) and OpenSSL's traditional form. */
    static SimulatedCaKey fromPem(String keyPem, String certificatePem) {
        try {
            Object key = Pem.read(keyPem);
            PrivateKeyInfo keyInfo = key instanceof PEMKeyPair pair ? pair.getPrivateKeyInfo() : (PrivateKeyInfo) key;
            PrivateKey privateKey =
                    new JcaPEMKeyConverter().setProvider(BOUNCY_CASTLE).getPrivateKey(keyInfo);
            return new SimulatedCaKey(privateKey, (X509CertificateHolder) Pem.read(certificatePem));
        } catch (IOException | ClassCastException e) {
            throw new IllegalStateException("The stored simulated CA key or certificate cannot be read", e);
        }
    }

    String keyPem() {
        try {
            return Pem.write(new JcaPKCS8Generator(privateKey, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String certificatePem() {
        return Pem.write(certificate);
    }

    ContentSigner signer() {
        return signer(privateKey);
    }

    private static ContentSigner signer(PrivateKey key) {
        String algorithm = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        try {
            return new JcaContentSignerBuilder(algorithm)
                    .setProvider(BOUNCY_CASTLE)
                    .build(key);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("Cannot sign with the simulated CA key", e);
        }
    }
}
