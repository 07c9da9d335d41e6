-- Renewal as a linked order (issue 13): the successor order names the order it renews. At most one successor per
-- order (a second renew is a 409; two at once cannot both commit). The predecessor's renewedBy is read from here.
ALTER TABLE cf_order ADD COLUMN renewal_of VARCHAR(36) REFERENCES cf_order (id);
CREATE UNIQUE INDEX cf_order_renewal_of ON cf_order (renewal_of);
