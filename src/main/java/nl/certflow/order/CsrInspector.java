package nl.certflow.order;

import java.io.IOException;
import java.io.StringReader;
import java.security.Provider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.springframework.stereotype.Component;

/** Reads a customer's PEM CSR, checks it against our key policy and its own signature, and says what it asks for. */
@Component
public class CsrInspector {

    static final int MAX_PEM_LENGTH = 16_000;
    private static final int MIN_RSA_BITS = 2048;
    private static final Set<ASN1ObjectIdentifier> ACCEPTED_CURVES =
            Set.of(SECObjectIdentifiers.secp256r1, SECObjectIdentifiers.secp384r1);

    private static final String NOT_PKCS10 = "The CSR is not a PEM-encoded PKCS#10 request";

    // A private instance: verification must not depend on (or change) the JVM-wide provider list.
    private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

    public CsrDetails inspect(String pem) {
        PKCS10CertificationRequest csr = parse(pem);
        try {
            SubjectPublicKeyInfo publicKey = csr.getSubjectPublicKeyInfo();
            String keyAlgorithm = keyAlgorithm(publicKey.getAlgorithm());
            int keySize = keyAlgorithm.equals("RSA") ? rsaBits(publicKey) : ecBits(publicKey.getAlgorithm());
            verifySignature(csr);
            return new CsrDetails(commonName(csr), dnsNames(csr), keyAlgorithm, keySize);
        } catch (InvalidCsrException e) {
            throw e;
        } catch (RuntimeException e) {
            // BouncyCastle parses nested structures lazily; a malformed one surfaces here as some unchecked exception.
            throw new InvalidCsrException(NOT_PKCS10, e);
        }
    }

    /** Whether two CSRs carry the same public key (a reissue after a key compromise must not). */
    public boolean samePublicKey(String pem, String otherPem) {
        try {
            return Arrays.equals(
                    parse(pem).getSubjectPublicKeyInfo().getEncoded(),
                    parse(otherPem).getSubjectPublicKeyInfo().getEncoded());
        } catch (IOException e) {
            throw new InvalidCsrException(NOT_PKCS10, e);
        }
    }

    private static PKCS10CertificationRequest parse(String pem) {
        if (pem == null || pem.isBlank()) {
            throw new InvalidCsrException("The CSR is empty");
        }
        if (pem.length() > MAX_PEM_LENGTH) {
            throw new InvalidCsrException("The CSR is too long (at most " + MAX_PEM_LENGTH + " characters)");
        }
        // Pasted text often starts with a stray space; BouncyCastle only recognises a header at the start of a line.
        try (PEMParser parser = new PEMParser(new StringReader(pem.strip()))) {
            Object first = parser.readObject();
            // A second object means the customer pasted more than one thing; guessing which one they meant is wrong.
            if (first instanceof PKCS10CertificationRequest csr && parser.readObject() == null) {
                return csr;
            }
        } catch (IOException | RuntimeException e) {
            throw new InvalidCsrException(NOT_PKCS10, e);
        }
        throw new InvalidCsrException(NOT_PKCS10);
    }

    private static String keyAlgorithm(AlgorithmIdentifier algorithm) {
        ASN1ObjectIdentifier oid = algorithm.getAlgorithm();
        if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            return "RSA";
        }
        if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            return "EC";
        }
        throw new InvalidCsrException("Only RSA and EC keys are accepted");
    }

    private static int rsaBits(SubjectPublicKeyInfo publicKey) {
        RSAPublicKey rsa;
        try {
            rsa = RSAPublicKey.getInstance(publicKey.parsePublicKey());
        } catch (IOException e) {
            throw new InvalidCsrException(NOT_PKCS10, e);
        }
        int bits = rsa.getModulus().bitLength();
        if (bits < MIN_RSA_BITS) {
            throw new InvalidCsrException("RSA keys must have at least " + MIN_RSA_BITS + " bits (got " + bits + ")");
        }
        return bits;
    }

    private static int ecBits(AlgorithmIdentifier algorithm) {
        // Only named curves; explicit curve parameters are refused along with every other curve.
        ASN1Encodable curve = algorithm.getParameters();
        if (curve instanceof ASN1ObjectIdentifier oid && ACCEPTED_CURVES.contains(oid)) {
            return oid.equals(SECObjectIdentifiers.secp256r1) ? 256 : 384;
        }
        throw new InvalidCsrException("Only EC curves P-256 and P-384 are accepted");
    }

    private static void verifySignature(PKCS10CertificationRequest csr) {
        boolean valid;
        try {
            valid = csr.isSignatureValid(new JcaContentVerifierProviderBuilder()
                    .setProvider(BOUNCY_CASTLE)
                    .build(csr.getSubjectPublicKeyInfo()));
        } catch (Exception e) {
            // An undecodable signature or an unknown signature algorithm is, to the customer, a signature that fails.
            valid = false;
        }
        if (!valid) {
            throw new InvalidCsrException("The CSR's signature does not verify");
        }
    }

    private static String commonName(PKCS10CertificationRequest csr) {
        List<AttributeTypeAndValue> commonNames = new ArrayList<>();
        for (RDN rdn : csr.getSubject().getRDNs()) {
            for (AttributeTypeAndValue attribute : rdn.getTypesAndValues()) {
                if (attribute.getType().equals(BCStyle.CN)) {
                    commonNames.add(attribute);
                }
            }
        }
        if (commonNames.isEmpty()) {
            return null;
        }
        // Two CNs leave it to us to guess which name the customer wants on the certificate.
        if (commonNames.size() > 1) {
            throw new InvalidCsrException("The CSR's subject must have at most one common name");
        }
        ASN1Encodable value = commonNames.get(0).getValue();
        return value instanceof ASN1String text ? text.getString() : IETFUtils.valueToString(value);
    }

    private static List<String> dnsNames(PKCS10CertificationRequest csr) {
        List<String> names = new ArrayList<>();
        for (Attribute request : csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
            for (ASN1Encodable value : request.getAttributeValues()) {
                GeneralNames sans =
                        GeneralNames.fromExtensions(Extensions.getInstance(value), Extension.subjectAlternativeName);
                if (sans == null) {
                    continue;
                }
                for (GeneralName san : sans.getNames()) {
                    if (san.getTagNo() == GeneralName.dNSName) {
                        names.add(DERIA5String.getInstance(san.getName()).getString());
                    }
                }
            }
        }
        return names;
    }
}
