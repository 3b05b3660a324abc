package org.pathways.hub.support;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium driven by Debian's chromedriver, headless, on the portal of a running hub: the
 * browser a district contact would use, with axe-core to check each page and screenshots kept under
 * {@code target/screenshots}.
 */
public final class Browser implements AutoCloseable {

  private static final Path SHOTS = Path.of("target", "screenshots");

  private final ChromeDriver driver;
  private final String base;

  public Browser(int port) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
            .build();
    this.driver = new ChromeDriver(service, options);
    driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(2));
    this.base = "http://127.0.0.1:" + port;
  }

  public WebDriver driver() {
    return driver;
  }

  public void open(String path) {
    driver.get(base + path);
  }

  public String path() {
    return driver.getCurrentUrl().substring(base.length());
  }

  public WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  public List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  public String text() {
    return driver.findElement(By.tagName("body")).getText();
  }

  public void signIn(String email, String password) {
    open("/sign-in");
    find("#email").sendKeys(email);
    find("#password").sendKeys(password);
    submit(find("form.stack button[type=submit]"));
  }

  public void signOut() {
    submit(find("header form.who button"));
  }

  /** Clicks a submit button and waits for the page it leads to. */
  public void submit(WebElement button) {
    button.click();
    // The old page's button is gone once the next page is in. Chrome sometimes reports a node of
    // a page being replaced as "not in the document" rather than stale: gone all the same.
    new org.openqa.selenium.support.ui.WebDriverWait(driver, Duration.ofSeconds(20))
        .until(
            d -> {
              try {
                button.isEnabled();
                return false;
              } catch (org.openqa.selenium.WebDriverException e) {
                return true;
              }
            });
  }

  /** Saves what the browser shows as {@code target/screenshots/NAME.png}. */
  public Path screenshot(String name) throws IOException {
    Files.createDirectories(SHOTS);
    Path to = SHOTS.resolve(name + ".png");
    Files.copy(
        driver.getScreenshotAs(OutputType.FILE).toPath(), to, StandardCopyOption.REPLACE_EXISTING);
    return to;
  }

  /**
   * The WCAG 2.1 A and AA rules axe-core finds broken on this page with a serious or critical
   * impact, one line each with the elements concerned; empty when the page passes.
   */
  public List<String> accessibilityProblems() {
    Results results =
        new AxeBuilder()
            .withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"))
            .analyze(driver);
    if (results.isErrored()) {
      throw new IllegalStateException("axe-core failed: " + results.getErrorMessage());
    }
    return results.getViolations().stream()
        .filter(r -> "serious".equals(r.getImpact()) || "critical".equals(r.getImpact()))
        .map(Browser::describe)
        .toList();
  }

  private static String describe(Rule r) {
    return r.getId()
        + " ("
        + r.getImpact()
        + "): "
        + r.getHelp()
        + " at "
        + r.getNodes().stream()
            .map(n -> String.valueOf(n.getTarget()))
            .collect(Collectors.joining(", "));
  }

  @Override
  public void close() {
    driver.quit();
  }
}
