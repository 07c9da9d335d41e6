package nl.certflow.prevalidation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * OFFLINE stand-in for KvK: never calls the register, answers from {@value #RESOURCE}, a list of Basisprofielen
 * read by the same {@link BasisprofielParser} as {@link KvkCompanyRegistry}. The default, so demos and
 * development need no KvK API key.
 *
 * <p>The data mirrors KvK's public test environment (numbers, names, legal forms, towns, and Test BV Donald's
 * addresses); the other streets and postal codes, the trade name "Kontex Hosting" and the ended company
 * 90009991 "Test BV Opgeheven" are made up for the demo. None of it is a real company.
 */
public class OfflineCompanyRegistry implements CompanyRegistry {

    static final String RESOURCE = "/kvk/test-companies.json";

    private final Map<String, RegisteredCompany> companiesByKvkNumber;

    public OfflineCompanyRegistry(BasisprofielParser parser) {
        try (InputStream json = OfflineCompanyRegistry.class.getResourceAsStream(RESOURCE)) {
            if (json == null) {
                throw new IllegalStateException("Offline company register " + RESOURCE + " is not on the classpath");
            }
            companiesByKvkNumber = parser.parseAll(json).stream()
                    .collect(Collectors.toUnmodifiableMap(RegisteredCompany::kvkNumber, Function.identity()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read offline company register " + RESOURCE, e);
        }
    }

    @Override
    public Optional<RegisteredCompany> findByKvkNumber(String kvkNumber) {
        return kvkNumber == null ? Optional.empty() : Optional.ofNullable(companiesByKvkNumber.get(kvkNumber));
    }
}
