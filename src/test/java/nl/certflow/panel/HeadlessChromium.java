package nl.certflow.panel;

import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium and chromedriver (installed by .ci/run), headless. Nothing is downloaded:
 * Selenium is given both paths, so its browser manager never runs. A missing browser fails the test, it is no skip.
 */
final class HeadlessChromium {

    private static final Path BROWSER = Path.of(System.getProperty("certflow.test.chromium", "/usr/bin/chromium"));
    private static final Path DRIVER =
            Path.of(System.getProperty("certflow.test.chromedriver", "/usr/bin/chromedriver"));

    private HeadlessChromium() {}

    /** {@code profile}: an empty directory of the test's own (a fresh browser profile, no state between tests). */
    static ChromeDriver start(int width, int height, Path profile) {
        for (Path executable : new Path[] {BROWSER, DRIVER}) {
            if (!Files.isExecutable(executable)) {
                throw new IllegalStateException(
                        executable + " is missing: the browser tests need Debian's chromium and "
                                + "chromium-driver (apt-get install -y chromium chromium-driver; .ci/run installs them)");
            }
        }
        ChromeOptions options = new ChromeOptions().setBinary(BROWSER.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height,
                "--lang=nl-NL");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }
}
