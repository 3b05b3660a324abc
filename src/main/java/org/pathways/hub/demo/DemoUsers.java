package org.pathways.hub.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.pathways.hub.access.IssuedSecret;
import org.pathways.hub.access.PortalUsers;
import org.pathways.hub.access.Role;
import org.pathways.hub.system.HubProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Two people to sign in to the demo as: an engineer who sees every district, and Grand Bend ISD's
 * contact who sees only theirs. Their generated passwords are kept in the data directory,
 * owner-only like the demo SFTP key, so the log never holds them.
 */
@Component
@Order(30)
@ConditionalOnProperty(name = "hub.demo", havingValue = "true")
public class DemoUsers implements ApplicationRunner {

  static final String ENGINEER = "engineer@demo.pathways.test";
  static final String CONTACT = "it@grand-bend-isd.demo.test";
  private static final Logger log = LoggerFactory.getLogger(DemoUsers.class);

  private final PortalUsers users;
  private final Path file;

  public DemoUsers(PortalUsers users, HubProperties hub) {
    this.users = users;
    this.file = hub.dataDir().toAbsolutePath().normalize().resolve("demo").resolve("sign-in.txt");
  }

  @Override
  public void run(ApplicationArguments args) throws IOException {
    if (users.find(ENGINEER).isEmpty()) {
      IssuedSecret engineer = users.add(ENGINEER, Role.ADMIN, null, null);
      IssuedSecret contact =
          users.find(CONTACT).isEmpty()
              ? users.add(CONTACT, Role.DISTRICT_CONTACT, DemoSftpAccount.DISTRICT, null)
              : users.resetPassword(CONTACT, null);
      String text =
          "Demo sign-in for the Pathways Data Integration Hub portal\n"
              + "Engineer (every district):    "
              + engineer.name()
              + "  "
              + engineer.secret()
              + "\nGrand Bend ISD contact (own): "
              + contact.name()
              + "  "
              + contact.secret()
              + "\n";
      try (OutputStream out = DemoSftpAccount.ownerOnly(file)) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
    }
    log.info("Demo sign-in: the emails and passwords are in {}", file);
  }
}
