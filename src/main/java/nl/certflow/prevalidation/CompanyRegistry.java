package nl.certflow.prevalidation;

import java.util.Optional;

/**
 * The port to the Dutch company register (KvK). Empty means "no such registration" (a business
 * failure); {@link RegistryUnavailableException} means the register could not answer (retry).
 */
public interface CompanyRegistry {

    Optional<RegisteredCompany> findByKvkNumber(String kvkNumber);
}
