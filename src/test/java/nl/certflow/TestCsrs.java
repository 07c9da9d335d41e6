package nl.certflow;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Real PEM PKCS#10 requests for tests. Keys are fresh per call, except the shared RSA 2048 pair (slow to make). */
public final class TestCsrs {

    private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

    private TestCsrs() {}

    /** RSA 2048, SHA256withRSA, subject CN=cn, SAN dNSNames = sans (no extension when empty). */
    public static String rsa(String cn, String... sans) {
        return csr(SharedRsaKey.PAIR, SharedRsaKey.PAIR, subject(cn), sans);
    }

    /** EC P-256, SHA256withECDSA. */
    public static String ec(String cn, String... sans) {
        KeyPair key = ecKey("secp256r1");
        return csr(key, key, subject(cn), sans);
    }

    public static String rsaWithBits(int bits, String cn) {
        KeyPair key = bits == 2048 ? SharedRsaKey.PAIR : rsaKey(bits);
        return csr(key, key, subject(cn));
    }

    /** Any curve BouncyCastle knows by name: "secp384r1", "secp521r1", "secp256k1", "brainpoolP256r1", ... */
    public static String ecCurve(String curveName, String cn) {
        KeyPair key = ecKey(curveName);
        return csr(key, key, subject(cn));
    }

    /** Well-formed, but signed by a different key than the one it carries, so the signature does not verify. */
    public static String tamperedSignature(String cn) {
        return csr(ecKey("secp256r1"), ecKey("secp256r1"), subject(cn));
    }

    /** EC P-256 with subject O=certflow tests and no CN. */
    public static String withoutCommonName(String... sans) {
        KeyPair key = ecKey("secp256r1");
        return csr(key, key, new X500Name("O=certflow tests"), sans);
    }

    /** An Ed25519 key: a key type the inspector must refuse. */
    public static String ed25519(String cn) {
        KeyPair key = generate("Ed25519", generator -> {});
        return csr(key, key, subject(cn));
    }

    private static String csr(KeyPair carried, KeyPair signing, X500Name subject, String... sans) {
        try {
            PKCS10CertificationRequestBuilder builder =
                    new JcaPKCS10CertificationRequestBuilder(subject, carried.getPublic());
            if (sans.length > 0) {
                GeneralNames names = new GeneralNames(Arrays.stream(sans)
                        .map(san -> new GeneralName(GeneralName.dNSName, san))
                        .toArray(GeneralName[]::new));
                builder.addAttribute(
                        PKCSObjectIdentifiers.pkcs_9_at_extensionRequest,
                        new Extensions(new Extension(Extension.subjectAlternativeName, false, names.getEncoded())));
            }
            var signer = new JcaContentSignerBuilder(signatureAlgorithm(signing))
                    .setProvider(BOUNCY_CASTLE)
                    .build(signing.getPrivate());
            return pem(builder.build(signer));
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String signatureAlgorithm(KeyPair key) {
        return switch (key.getPublic().getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            default -> key.getPublic().getAlgorithm();
        };
    }

    private static X500Name subject(String cn) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, cn).build();
    }

    /** PEM of anything BouncyCastle's PEM writer knows (CSRs, certificates, keys); handy for wrong-type tests. */
    public static String pem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static KeyPair ecKey(String curveName) {
        return generate("EC", generator -> generator.initialize(new ECGenParameterSpec(curveName)));
    }

    private static KeyPair rsaKey(int bits) {
        // The JDK's generator, unlike BouncyCastle's, also makes odd sizes such as 2047 bits.
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Initializer {
        void initialize(KeyPairGenerator generator) throws GeneralSecurityException;
    }

    private static KeyPair generate(String algorithm, Initializer initializer) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm, BOUNCY_CASTLE);
            initializer.initialize(generator);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Holder idiom: the 2048-bit pair is made once, on first use, by whichever test needs it first. */
    private static final class SharedRsaKey {
        static final KeyPair PAIR = rsaKey(2048);
    }
}
