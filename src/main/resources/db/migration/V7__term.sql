-- Issue 13 (a term): an order may be placed for a term of months, separate from any one certificate. The term starts
-- when the first certificate is issued (its notBefore) and ends term_months calendar months later. An order with a term
-- and no validityDays of its own stores validity_days 0 (no cap beyond SC-081 and the term's end).
ALTER TABLE cf_order ADD COLUMN term_months INTEGER;
ALTER TABLE cf_order ADD COLUMN term_starts_at TIMESTAMP WITH TIME ZONE;
