-- The webhook's answer only stores the push; a background hand-over starts its delivery process in batches right
-- after (nl.certflow.webhook.CaPushHandOver). NULL: stored, not yet handed to the engine (also after a crash).
ALTER TABLE cf_ca_push ADD COLUMN handed_over_at TIMESTAMP WITH TIME ZONE;
UPDATE cf_ca_push SET handed_over_at = received_at;
CREATE INDEX cf_ca_push_handover ON cf_ca_push (handed_over_at, id);
