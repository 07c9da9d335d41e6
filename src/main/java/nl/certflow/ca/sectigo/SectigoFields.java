package nl.certflow.ca.sectigo;

import java.util.Map;
import java.util.Set;

/**
 * Every name, path, value and code of Sectigo's (formerly Comodo's) reseller API that certflow uses, in one place,
 * so that a difference found in production is a one-place change.
 *
 * <p>Source: docs.sectigo.com/sps (AutoApplySSL, AutoRevokeSSL, CollectSSL request pages and the shared error-code
 * tables). Items marked "assumed" were not confirmed in the documentation that could be consulted.
 */
public final class SectigoFields {

    private SectigoFields() {}

    // ---- Endpoints (appended to SectigoProperties.baseUrl, e.g. https://secure.trust-provider.com) ----
    public static final String PATH_AUTO_APPLY_SSL = "/products/!AutoApplySSL";
    public static final String PATH_AUTO_REVOKE_SSL = "/products/!AutoRevokeSSL";
    /** docs.sectigo.com/sps/auto-replace-ssl: a replacement certificate on an existing order. */
    public static final String PATH_AUTO_REPLACE_SSL = "/products/!AutoReplaceSSL";

    public static final String PATH_COLLECT_SSL = "/products/download/CollectSSL";
    public static final String PATH_GET_DCV_EMAIL_ADDRESS_LIST = "/products/!GetDCVEmailAddressList";
    public static final String PATH_AUTO_UPDATE_DCV = "/products/!AutoUpdateDCV";
    public static final String PATH_RESEND_DCV_EMAIL = "/products/!ResendDCVEmail";
    /** Sectigo's order report (docs.sectigo.com/sps/web-host-report/request). */
    public static final String PATH_WEB_HOST_REPORT = "/products/!WebHostReport";

    /** Call names used in log lines and exception messages. */
    public static final String CALL_AUTO_APPLY_SSL = "AutoApplySSL";

    public static final String CALL_AUTO_REVOKE_SSL = "AutoRevokeSSL";
    public static final String CALL_AUTO_REPLACE_SSL = "AutoReplaceSSL";
    public static final String CALL_COLLECT_SSL = "CollectSSL";
    public static final String CALL_GET_DCV_EMAIL_ADDRESS_LIST = "GetDCVEmailAddressList";
    public static final String CALL_AUTO_UPDATE_DCV = "AutoUpdateDCV";
    public static final String CALL_RESEND_DCV_EMAIL = "ResendDCVEmail";
    public static final String CALL_WEB_HOST_REPORT = "WebHostReport";
    // WebHostReport request: the placing date range (UNIX seconds) and the 1-based result window.
    public static final String REPORT_NOT_BEFORE = "notBefore";
    public static final String REPORT_NOT_AFTER = "notAfter";
    public static final String FIRST_RESULT_NO = "firstResultNo";
    public static final String LAST_RESULT_NO = "lastResultNo";
    // WebHostReport answer: error_code (not errorCode), noOfResults, then per order N_orderNumber and per certificate
    // N_M_status, N_M_certificateID, N_M_notAfter (UNIX seconds).
    public static final String REPORT_ERROR_CODE = "error_code";
    public static final String NO_OF_RESULTS = "noOfResults";

    public static final String CONTENT_TYPE_FORM = "application/x-www-form-urlencoded";

    // ---- Common request fields ----
    public static final String LOGIN_NAME = "loginName";
    public static final String LOGIN_PASSWORD = "loginPassword";
    public static final String RESPONSE_FORMAT = "responseFormat";
    /** 1 = URL-encoded {@code key=value&...} answer (0 would be newline-delimited). */
    public static final String RESPONSE_FORMAT_URL_ENCODED = "1";

    public static final String YES = "Y";
    public static final String NO = "N";

    // ---- AutoApplySSL request ----
    public static final String PRODUCT = "product";
    public static final String DAYS = "days";
    public static final String CSR = "csr";
    public static final String SERVER_SOFTWARE = "serverSoftware";
    /** -1 = "other"; Sectigo: has no effect on the certificate. */
    public static final String SERVER_SOFTWARE_OTHER = "-1";

    public static final String DCV_METHOD = "dcvMethod";
    /** With dcvMethod EMAIL: one of GetDCVEmailAddressList's addresses (asked within the last 24 hours). */
    public static final String DCV_EMAIL_ADDRESS = "dcvEmailAddress";
    /** Up to 20 alphanumerics appended to the CSR-hash token, so that the same CSR never gives the same token. */
    public static final String UNIQUE_VALUE = "uniqueValue";

    // ---- AutoApplySSL / AutoReplaceSSL for an order with SANs (a multi-domain certificate) ----
    /**
     * Every name to be placed into a multi-domain certificate, comma- or whitespace-separated (also AutoUpdateDCV's,
     * space-separated there: {@link #DOMAIN_NAMES}). docs.sectigo.com/sps/auto-apply-ssl/request and
     * /sps/auto-replace-ssl/request describe it ("(Multi-Domain SSL and Unified Communications certificates only)
     * The comma-separated or whitespace-separated list of domain names to be placed into Multi-Domain SSL
     * certificates"); the name {@code domainNames} is the one docs.sectigo.com/sps/auto-update-dcv/request and
     * /mcp/mark-certificates/endpoint-replace-mc print. Sent as {@link #DOMAIN_NAMES}, comma-separated.
     *
     * <p>{@code primaryDomainName}: the same pages: "The primary domain name. One of the domain names listed in"
     * domainNames; "If this parameter is omitted for Multi-Domain certificates, no Common Names will be included in
     * the resulting certificate". certflow sends the order's common name.
     */
    public static final String PRIMARY_DOMAIN_NAME = "primaryDomainName";
    /**
     * One entry per name in domainNames, comma-separated, in the same order: an approver address or a CSR-hash method
     * ({@link #MDC_DCV_HTTP_CSR_HASH}, ...). docs.sectigo.com/mcp/mark-certificates/endpoint-replace-mc documents
     * {@code dcvEmailAddresses} ("A comma-separated list of DCV email addresses and/or DCV methods to be used for
     * validating the domains specified in the domainNames parameter"); that the method words are written without
     * underscores is assumed from published Comodo reseller clients (the copies of the AutoApplySSL page consulted
     * do not list the values).
     */
    public static final String DCV_EMAIL_ADDRESSES = "dcvEmailAddresses";

    public static final String MDC_DCV_HTTP_CSR_HASH = "HTTPCSRHASH";
    public static final String MDC_DCV_HTTPS_CSR_HASH = "HTTPSCSRHASH";
    public static final String MDC_DCV_CNAME_CSR_HASH = "CNAMECSRHASH";

    // ---- GetDCVEmailAddressList / AutoUpdateDCV / ResendDCVEmail requests ----
    public static final String DOMAIN_NAME = "domainName";
    public static final String NEW_METHOD = "newMethod";
    public static final String NEW_DCV_EMAIL_ADDRESS = "newDCVEmailAddress";
    /** AutoUpdateDCV for a multi-domain order: space-separated FQDNs, with the methods (commas) and addresses. */
    public static final String DOMAIN_NAMES = "domainNames";

    public static final String NEW_METHODS = "newMethods";
    public static final String NEW_DCV_EMAIL_ADDRESSES = "newDCVEmailAddresses";
    public static final String IS_CUSTOMER_VALIDATED = "isCustomerValidated";
    public static final String SHOW_CERTIFICATE_ID = "showCertificateID";
    public static final String FOREIGN_ORDER_NUMBER = "foreignOrderNumber";
    public static final String APP_REP_FORENAME = "appRepForename";
    public static final String APP_REP_SURNAME = "appRepSurname";
    public static final String APP_REP_EMAIL_ADDRESS = "appRepEmailAddress";
    public static final String APP_REP_TELEPHONE = "appRepTelephone";
    public static final String ORGANIZATION_NAME = "organizationName";
    public static final String STREET_ADDRESS_1 = "streetAddress1";
    public static final String LOCALITY_NAME = "localityName";
    public static final String POSTAL_CODE = "postalCode";
    public static final String COUNTRY_NAME = "countryName";
    public static final String COMPANY_NUMBER = "companyNumber";

    /** DCV methods documented by Sectigo (AutoUpdateDCV/AutoApplyOrder). EMAIL needs a dcvEmailAddress. */
    public static final String DCV_EMAIL = "EMAIL";

    public static final String DCV_HTTP_CSR_HASH = "HTTP_CSR_HASH";
    public static final String DCV_HTTPS_CSR_HASH = "HTTPS_CSR_HASH";
    public static final String DCV_CNAME_CSR_HASH = "CNAME_CSR_HASH";

    // ---- Product codes (AutoApplyOrder/AutoApplySSL product lists) ----
    public static final String PRODUCT_SECTIGO_SSL_DV = "488";
    public static final String PRODUCT_SECTIGO_SSL_OV = "316";
    public static final String PRODUCT_SECTIGO_SSL_EV = "337";

    // ---- AutoRevokeSSL request ----
    public static final String ORDER_NUMBER = "orderNumber";
    public static final String REVOCATION_REASON = "revocationReason";
    /** AutoRevokeSSL: one certificate of an order, by Sectigo's id or by its serial number (hex). */
    public static final String SERIAL_NUMBER = "serialNumber";

    public static final String CODE_REASON = "codeReason";
    public static final int CODE_REASON_UNSPECIFIED = 0;
    public static final int CODE_REASON_KEY_COMPROMISE = 1;
    public static final int CODE_REASON_AFFILIATION_CHANGED = 3;
    public static final int CODE_REASON_SUPERSEDED = 4;
    public static final int CODE_REASON_CESSATION_OF_OPERATION = 5;
    /** Sectigo limits revocationReason to 1024 characters. */
    public static final int REVOCATION_REASON_MAX_LENGTH = 1024;

    // ---- CollectSSL request ----
    public static final String QUERY_TYPE = "queryType";
    /** 1 = status, certificate and intermediates/roots when ready. */
    public static final String QUERY_TYPE_STATUS_AND_CERTIFICATES = "1";

    public static final String SHOW_VALIDITY_PERIOD = "showValidityPeriod";
    public static final String SHOW_EXT_STATUS = "showExtStatus";
    /**
     * CollectSSL: the order's FQDN in the answer ({@link #FQDN}). docs.sectigo.com/sps/collect-ssl/request describes
     * the parameter ("whether to show the fully qualified domain name"); the name itself is taken from published
     * clients (assumed: the stored copy of the page did not show the parameter names).
     */
    public static final String SHOW_FQDN = "showFQDN";
    /**
     * CollectSSL: "the paired information of domain name and DCV validation status", for multi-domain certificates
     * (docs.sectigo.com/sps/collect-ssl/request; its changelog names the later {@code showMDCDomainDetails2}). The
     * name {@code showMDCDomainDetails} is assumed from published clients; the pairs come back as
     * {@code N_domainName} / {@code N_dcvStatus}, the form GetMDCDomainDetails answers in.
     */
    public static final String SHOW_MDC_DOMAIN_DETAILS = "showMDCDomainDetails";

    public static final String RESPONSE_TYPE = "responseType";
    /** 3 = each certificate individually encoded. */
    public static final String RESPONSE_TYPE_INDIVIDUALLY_ENCODED = "3";

    public static final String RESPONSE_ENCODING = "responseEncoding";
    /** 0 = Base64. */
    public static final String RESPONSE_ENCODING_BASE64 = "0";

    // ---- Answer fields ----
    public static final String ERROR_CODE = "errorCode";
    public static final String ERROR_MESSAGE = "errorMessage";
    public static final String ERROR_ITEM = "errorItem";
    public static final String CERTIFICATE_ID = "certificateID";
    public static final String TOTAL_COST = "totalCost";
    public static final String CERTIFICATE_STATUS = "certificateStatus";
    public static final String NOT_BEFORE = "notBefore";
    public static final String NOT_AFTER = "notAfter";
    public static final String CERTIFICATE = "certificate";
    public static final String CA_CERTIFICATE = "caCertificate";

    // ---- DCV fields of a CollectSSL answer (see SHOW_FQDN, SHOW_MDC_DOMAIN_DETAILS) ----
    /** The order's domain (with showFQDN=Y). Assumed name. */
    public static final String FQDN = "fqdn";
    /**
     * The order's DCV status (with showExtStatus=Y, which Sectigo documents as "include the certificate and
     * validation statuses"): 1 validated, 0 not yet. Name and values assumed from published clients.
     */
    public static final String DCV_STATUS = "dcvStatus";
    /**
     * Per domain, numbered from 1: {@code 1_domainName=www.example.nl&1_dcvStatus=Validated}. GetMDCDomainDetails
     * (docs.sectigo.com/sps/get-mdc-domain-details/request) documents a domain ("a fully qualified domain name or IP
     * address"), its DCV method and its DCV status per entry; the names and the value "Validated" are assumed from
     * published clients (the stored copy of the page did not show the names).
     */
    public static final String MDC_DOMAIN_NAME_SUFFIX = "_domainName";

    public static final String MDC_DCV_STATUS_SUFFIX = "_dcvStatus";

    /** certificateStatus values (compared case-insensitively, as prefixes: "Rejected: reason" occurs). */
    public static final String STATUS_VALID = "Valid";

    public static final String STATUS_REJECTED = "Rejected";
    public static final String STATUS_REVOKED = "Revoked";
    public static final String STATUS_EXPIRED = "Expired";

    // ---- errorCode values ----
    public static final int OK = 0;
    /** AutoApplySSL: order placed, payment required (not issued until paid). */
    public static final int OK_PAYMENT_REQUIRED = 1;
    /** CollectSSL: 0 = being processed, >= 1 = certificate available. */
    public static final int COLLECT_BEING_PROCESSED = 0;

    public static final int ERR_NOT_HTTPS = -1;
    public static final int ERR_UNRECOGNISED_ARGUMENT = -2;
    public static final int ERR_ARGUMENT_MISSING = -3;
    public static final int ERR_ARGUMENT_INVALID = -4;
    public static final int ERR_INVALID_COUNTRY = -7;
    public static final int ERR_UNKNOWN = -14;
    public static final int ERR_NOT_ENOUGH_CREDIT = -15;
    public static final int ERR_LOGIN_OR_PERMISSION = -16;
    public static final int ERR_GET_INSTEAD_OF_POST = -17;
    public static final int ERR_ALREADY_CANCELLED = -20;
    /** AutoRevokeSSL: certificate already revoked (an assumed code, absent from Sectigo's published list). */
    public static final int ERR_ALREADY_REVOKED = -21;
    /** AutoRevokeSSL: certificate currently being issued (-23 only when revocationReason is omitted). */
    public static final int ERR_BEING_ISSUED = -26;

    public static final int ERR_CALL_LIMIT = -42;

    /**
     * Codes that a retry (or an operator) can cure: never a refusal of the customer's order. Besides Sectigo's
     * own "temporary" codes this holds the codes that point at our account or our integration (login, credit,
     * HTTPS/POST, an argument name Sectigo does not know): an incident for the operator, not the customer's fault.
     */
    public static final Set<Integer> TRANSIENT_ERROR_CODES = Set.of(
            ERR_NOT_HTTPS,
            ERR_UNRECOGNISED_ARGUMENT,
            ERR_UNKNOWN,
            ERR_NOT_ENOUGH_CREDIT,
            ERR_LOGIN_OR_PERMISSION,
            ERR_GET_INSTEAD_OF_POST,
            ERR_CALL_LIMIT);

    /**
     * What an operator reads after a failed call (the job's exception message, shown as the Cockpit incident):
     * what to do about it. Codes without an entry are temporary on Sectigo's side.
     */
    public static final String HINT_TEMPORARY =
            "Sectigo is temporarily unavailable; the job is retried with back-off, after the last retry use Retry in Cockpit";

    private static final Map<Integer, String> OPERATOR_HINTS = Map.of(
            ERR_LOGIN_OR_PERMISSION,
                    "check certflow.ca.sectigo.login-name and login-password, and that Sectigo "
                            + "accepts API calls from this server's IP address; then use Retry in Cockpit",
            ERR_NOT_ENOUGH_CREDIT, "the reseller account has too little credit: top it up, then use Retry in Cockpit",
            ERR_NOT_HTTPS, "Sectigo requires HTTPS: check certflow.ca.sectigo.base-url",
            ERR_UNRECOGNISED_ARGUMENT,
                    "certflow sent a field Sectigo does not know: the API has changed, see " + "SectigoFields",
            ERR_GET_INSTEAD_OF_POST, "Sectigo did not see a POST: check certflow.ca.sectigo.base-url and any proxy",
            ERR_CALL_LIMIT, "Sectigo's call limit for the account is reached; the job is retried with back-off");

    public static String operatorHint(int errorCode) {
        return OPERATOR_HINTS.getOrDefault(errorCode, HINT_TEMPORARY);
    }

    /** AutoRevokeSSL codes meaning "the order is already where cancel wants it". */
    public static final Set<Integer> REVOKE_ALREADY_DONE_CODES = Set.of(ERR_ALREADY_CANCELLED, ERR_ALREADY_REVOKED);
}
