-- Domain control validation (issue 12): the method per order, the approver address for EMAIL, and the uniqueValue
-- certflow sends the CA so that two orders with the same CSR never share a token. Orders from before were sent
-- with the CNAME default.
ALTER TABLE cf_order ADD COLUMN dcv_method VARCHAR(16);
ALTER TABLE cf_order ADD COLUMN dcv_approver_email VARCHAR(254);
ALTER TABLE cf_order ADD COLUMN dcv_unique_value VARCHAR(20);
UPDATE cf_order SET dcv_method = 'CNAME_CSR_HASH' WHERE dcv_method IS NULL;

-- Per domain (common name and each SAN): the CA's verdict, and certflow's own last look at the record.
CREATE TABLE cf_order_dcv (
    order_id            VARCHAR(36)  NOT NULL REFERENCES cf_order (id),
    domain              VARCHAR(253) NOT NULL,
    status              VARCHAR(16)  NOT NULL,
    last_check_at       TIMESTAMP WITH TIME ZONE,
    last_check_found    BOOLEAN,
    last_check_detail   VARCHAR(1000),
    PRIMARY KEY (order_id, domain)
);

-- The simulated CA keeps what a real CA keeps of DCV: the method, address and uniqueValue it was sent, and which
-- domains it has validated (newline-separated).
ALTER TABLE cf_simulator_order ADD COLUMN dcv_method VARCHAR(16);
ALTER TABLE cf_simulator_order ADD COLUMN dcv_email VARCHAR(254);
ALTER TABLE cf_simulator_order ADD COLUMN unique_value VARCHAR(20);
ALTER TABLE cf_simulator_order ADD COLUMN validated_domains VARCHAR(4000);
