package org.pathways.hub.receive;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.mac.BuiltinMacs;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.Handle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpFileSystemAccessor;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.apache.sshd.sftp.server.SftpSubsystemProxy;
import org.pathways.hub.audit.AuditLog;
import org.pathways.hub.pipeline.NodeRoles;
import org.pathways.hub.pipeline.OnNodeRole;
import org.pathways.hub.system.HubProperties;
import org.pathways.hub.vault.StoredFile;
import org.pathways.hub.vault.Vault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The hub's SFTP server. Each account is rooted in its district's bucket: it uploads into {@code
 * /inbox} and reads the hub's answers in {@code /results}, and can reach nothing else. A file is
 * taken in when its upload is closed without error (or when a {@code .part}/{@code .tmp} upload is
 * renamed to its real name), and it is in the vault before the client is told the close succeeded.
 */
@Component
@ConditionalOnProperty(name = "sftp.enabled", havingValue = "true", matchIfMissing = true)
@OnNodeRole(NodeRoles.Role.SFTP)
public class SftpService implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(SftpService.class);
  private static final AttributeKey<String> DISTRICT = new AttributeKey<>();
  private static final List<String> TEMPORARY =
      List.of(".part", ".tmp", ".filepart", ".partial", ".upload", ".writing");

  private final SftpProperties props;
  private final Path hostKey;
  private final SftpAccounts accounts;
  private final LoginGuard guard;
  private final Buckets buckets;
  private final Intake intake;
  private final AuditLog audit;
  private final InboxCrypto inboxCrypto;
  private final Vault vault;
  private final InboxSweep sweep;
  private final Map<Handle, Tee> tees = new ConcurrentHashMap<>();
  private final ExecutorService storer =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "sftp-store");
            t.setDaemon(true);
            return t;
          });
  private final ScheduledExecutorService sweeper =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "sftp-sweep");
            t.setDaemon(true);
            return t;
          });
  private volatile SshServer server;

  public SftpService(
      SftpProperties props,
      HubProperties hub,
      SftpAccounts accounts,
      LoginGuard guard,
      Buckets buckets,
      Intake intake,
      AuditLog audit,
      InboxCrypto inboxCrypto,
      Vault vault,
      InboxSweep sweep) {
    this.props = props;
    this.hostKey =
        hub.dataDir().toAbsolutePath().normalize().resolve("keys").resolve("sftp-host-key");
    this.accounts = accounts;
    this.guard = guard;
    this.buckets = buckets;
    this.intake = intake;
    this.audit = audit;
    this.inboxCrypto = inboxCrypto;
    this.vault = vault;
    this.sweep = sweep;
  }

  /** The port the server listens on, once started. */
  public int port() {
    SshServer s = server;
    if (s == null) {
      throw new IllegalStateException("The SFTP server is not running");
    }
    return s.getPort();
  }

  /**
   * The addresses the server accepts connections on; empty when it is not running or has lost its
   * listening socket. For the health check, which must not open an SSH session to find out.
   */
  public Set<SocketAddress> listeningOn() {
    SshServer s = server;
    if (s == null || !s.isOpen()) {
      return Set.of();
    }
    return Set.copyOf(s.getBoundAddresses());
  }

  @Override
  public void start() {
    try {
      Files.createDirectories(hostKey.getParent());
      SshServer s = SshServer.setUpDefaultServer();
      s.setHost(props.host());
      s.setPort(props.port());
      SimpleGeneratorHostKeyProvider keys = new SimpleGeneratorHostKeyProvider(hostKey);
      // Generated once and kept, so districts' schedulers never see the host key change.
      if (SecurityUtils.isEDDSACurveSupported()) {
        keys.setAlgorithm(SecurityUtils.EDDSA);
      } else {
        keys.setAlgorithm("RSA");
        keys.setKeySize(3072);
      }
      s.setKeyPairProvider(keys);
      modernAlgorithmsOnly(s, props.compatibleMacs());
      // An SFTP client keeps many writes in flight and waits for their small status replies;
      // with Nagle's algorithm on, those replies sat behind delayed acknowledgements and a 1 GB
      // upload took three times as long, with every thread idle (docs/benchmarks.md).
      CoreModuleProperties.TCP_NODELAY.set(s, true);
      s.setPasswordAuthenticator(this::passwordLogin);
      s.setPublickeyAuthenticator(this::keyLogin);
      s.setKeyboardInteractiveAuthenticator(null);
      s.setGSSAuthenticator(null);
      s.setHostBasedAuthenticator(null);
      s.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
      s.setFileSystemFactory(new BucketFileSystems());
      SftpSubsystemFactory sftp =
          new SftpSubsystemFactory.Builder().withFileSystemAccessor(new BucketAccess()).build();
      sftp.addSftpEventListener(new Uploads());
      s.setSubsystemFactories(List.of(sftp));
      s.start();
      server = s;
      // Hourly is plenty for a limit counted in days; it also runs once at start.
      sweeper.scheduleWithFixedDelay(this::sweepStale, 0, 1, TimeUnit.HOURS);
      log.info("SFTP server listening on {}:{}", props.host(), s.getPort());
    } catch (IOException e) {
      throw new IllegalStateException("The SFTP server could not start: " + e.getMessage(), e);
    }
  }

  /**
   * Key exchange, ciphers, MACs and host key signatures limited to what current audits pass: no
   * NIST curves, no SHA-1, no CBC; MACs encrypt-then-MAC unless {@code sftp.compatible-macs} adds
   * the two SHA-2 MACs older clients need. (The post-quantum hybrids need Bouncy Castle, which the
   * hub does not ship.)
   */
  private static void modernAlgorithmsOnly(SshServer s, boolean compatibleMacs) {
    List<BuiltinDHFactories> kex =
        List.of(
            BuiltinDHFactories.curve25519,
            BuiltinDHFactories.curve25519_libssh,
            BuiltinDHFactories.dhg16_512,
            BuiltinDHFactories.dhg18_512);
    s.setKeyExchangeFactories(
        NamedFactory.setUpTransformedFactories(false, kex, ServerBuilder.DH2KEX));
    // No chacha20-poly1305: in the JVM it runs in plain Java at about half the speed of AES,
    // which uses the processor's AES instructions, and it made SFTP uploads twice as slow.
    List<BuiltinCiphers> ciphers =
        List.of(
            BuiltinCiphers.aes256gcm,
            BuiltinCiphers.aes128gcm,
            BuiltinCiphers.aes256ctr,
            BuiltinCiphers.aes192ctr,
            BuiltinCiphers.aes128ctr);
    s.setCipherFactories(new ArrayList<>(ciphers));
    List<BuiltinMacs> macs =
        new ArrayList<>(List.of(BuiltinMacs.hmacsha512etm, BuiltinMacs.hmacsha256etm));
    if (compatibleMacs) {
      // Last in preference, so only a client that has nothing better uses them: libssh2 before
      // 1.11 (curl on Debian 12, many schedulers built on it) has no encrypt-then-MAC and no AEAD
      // cipher, and could not connect at all.
      macs.add(BuiltinMacs.hmacsha512);
      macs.add(BuiltinMacs.hmacsha256);
    }
    s.setMacFactories(new ArrayList<>(macs));
    List<BuiltinSignatures> signatures = new ArrayList<>();
    if (SecurityUtils.isEDDSACurveSupported()) {
      signatures.add(BuiltinSignatures.ed25519);
    }
    signatures.add(BuiltinSignatures.rsaSHA512);
    signatures.add(BuiltinSignatures.rsaSHA256);
    s.setSignatureFactories(new ArrayList<>(signatures));
  }

  private boolean passwordLogin(String username, String password, ServerSession session) {
    String remote = address(session.getClientAddress());
    if (guard.locked(remote, username)) {
      audit.record(username, "sftp.login", null, null, remote, "locked", "password; locked out");
      return false;
    }
    Optional<String> district = accounts.checkPassword(username, password);
    if (district.isEmpty()) {
      String locked = guard.failed(remote, username);
      audit.record(
          username,
          "sftp.login",
          null,
          null,
          remote,
          "denied",
          locked == null ? "wrong user name or password" : "wrong password; locked " + locked);
      if (locked != null) {
        log.warn("SFTP sign-ins locked out for {} after repeated failures", locked);
      }
      return false;
    }
    return signedIn(username, district.get(), session, remote, "password");
  }

  private boolean keyLogin(String username, PublicKey key, ServerSession session) {
    String remote = address(session.getClientAddress());
    if (guard.locked(remote, username)) {
      return false;
    }
    Optional<String> district = accounts.checkKey(username, key);
    // A client offers each of its keys in turn; a key that is not the account's is not a failure.
    return district.isPresent() && signedIn(username, district.get(), session, remote, "key");
  }

  private boolean signedIn(
      String username, String district, ServerSession session, String remote, String how) {
    String before = session.getAttribute(DISTRICT);
    session.setAttribute(DISTRICT, district);
    if (before == null) {
      guard.succeeded(username);
      accounts.markLogin(username);
      audit.record(username, "sftp.login", district, null, remote, "ok", how);
    }
    return true;
  }

  private static String address(SocketAddress a) {
    return a instanceof InetSocketAddress i && i.getAddress() != null
        ? i.getAddress().getHostAddress()
        : String.valueOf(a);
  }

  private void sweepStale() {
    try {
      sweep.sweep(Duration.ofDays(props.staleUploadDays()));
    } catch (RuntimeException e) {
      // The next hour tries again; a failure must not end the schedule.
      log.warn("The sweep of unfinished uploads failed: {}", e.toString());
    }
  }

  @Override
  public void stop() {
    storer.shutdownNow();
    sweeper.shutdownNow();
    SshServer s = server;
    server = null;
    if (s != null) {
      try {
        s.stop(true);
      } catch (IOException e) {
        log.warn("The SFTP server did not stop cleanly: {}", e.toString());
      }
    }
  }

  @Override
  public boolean isRunning() {
    return server != null;
  }

  /** Roots every session in its district's bucket. */
  private final class BucketFileSystems extends VirtualFileSystemFactory {
    @Override
    public Path getUserHomeDir(SessionContext session) throws IOException {
      String district = session.getAttribute(DISTRICT);
      if (district == null) {
        throw new AccessDeniedException("not signed in");
      }
      return buckets.bucket(district);
    }
  }

  /** Where a path points inside a bucket: {@code /inbox/name} or elsewhere. */
  private static String inBucket(Path p) {
    return p.toAbsolutePath().normalize().toString();
  }

  private static boolean inInbox(Path p) {
    return directlyIn(p, Buckets.INBOX);
  }

  private static boolean inResults(Path p) {
    return directlyIn(p, Buckets.RESULTS);
  }

  /** Whether a path names a file directly inside one of the bucket's folders. */
  private static boolean directlyIn(Path p, String folder) {
    String s = inBucket(p);
    String prefix = "/" + folder + "/";
    return s.startsWith(prefix)
        && s.indexOf('/', prefix.length()) < 0
        && s.length() > prefix.length();
  }

  private static boolean temporary(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.startsWith(".") || TEMPORARY.stream().anyMatch(name::endsWith);
  }

  private static String districtOf(ServerSession session) {
    return session.getAttribute(DISTRICT);
  }

  /** What a session may do with its bucket's files. */
  private final class BucketAccess implements SftpFileSystemAccessor {
    @Override
    public SeekableByteChannel openFile(
        SftpSubsystemProxy subsystem,
        FileHandle fileHandle,
        Path file,
        String handle,
        Set<? extends OpenOption> options,
        FileAttribute<?>... attrs)
        throws IOException {
      boolean writes =
          options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND);
      if (writes && !inInbox(file)) {
        throw new AccessDeniedException(
            inBucket(file), null, "upload files into /inbox; /results is read-only");
      }
      if (!inInbox(file)) {
        if (!inResults(file)) {
          throw new AccessDeniedException(inBucket(file), null, "no such file");
        }
        byte[] nonce =
            inboxCrypto
                .resultNonce(
                    districtOf(subsystem.getServerSession()), file.getFileName().toString())
                .orElseThrow(() -> new AccessDeniedException(inBucket(file), null, "no such file"));
        return inboxCrypto.channel(
            SftpFileSystemAccessor.super.openFile(
                subsystem, fileHandle, file, handle, options, attrs),
            nonce);
      }
      String district = districtOf(subsystem.getServerSession());
      String name = file.getFileName().toString();
      boolean resumes =
          Files.exists(file)
              && Files.size(file) > 0
              && !options.contains(StandardOpenOption.TRUNCATE_EXISTING);
      byte[] nonce;
      if (resumes || !writes) {
        nonce =
            inboxCrypto
                .nonceOf(district, name)
                .orElseThrow(
                    () ->
                        new AccessDeniedException(
                            inBucket(file), null, "unknown upload; send the file again"));
      } else {
        nonce = inboxCrypto.start(district, name);
      }
      SeekableByteChannel ch =
          inboxCrypto.channel(
              SftpFileSystemAccessor.super.openFile(
                  subsystem, fileHandle, file, handle, options, attrs),
              nonce);
      if (!writes) {
        return ch;
      }
      long others = inboxBytes(file.getParent()) - ch.size();
      SeekableByteChannel limited =
          new LimitedChannel(
              ch, props.maxFileMb() << 20, (props.maxBucketMb() << 20) - Math.max(0, others));
      if (resumes || temporary(file)) {
        return limited;
      }
      Tee tee = new Tee(vault, district, name, storer);
      Tee before = tees.put(fileHandle, tee);
      if (before != null) {
        before.abandon();
      }
      return new Tee.Channel(limited, tee);
    }

    @Override
    public void createDirectory(SftpSubsystemProxy subsystem, Path path) throws IOException {
      throw new AccessDeniedException(inBucket(path), null, "folders cannot be created here");
    }

    @Override
    public void createLink(SftpSubsystemProxy subsystem, Path link, Path existing, boolean symLink)
        throws IOException {
      throw new AccessDeniedException(inBucket(link), null, "links cannot be created here");
    }
  }

  private static long inboxBytes(Path inbox) throws IOException {
    long total = 0;
    try (var files = Files.list(inbox)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        total += Files.size(p);
      }
    }
    return total;
  }

  /** Follows uploads from open to close, and takes in each one that completed. */
  private final class Uploads implements SftpEventListener {
    // Handles of files open for writing, and whether a write to them failed.
    private final Map<Handle, Boolean> writing = new ConcurrentHashMap<>();

    @Override
    public void open(ServerSession session, String remoteHandle, Handle localHandle) {
      if (localHandle instanceof FileHandle f) {
        Set<StandardOpenOption> o = f.getOpenOptions();
        if (o.contains(StandardOpenOption.WRITE) || o.contains(StandardOpenOption.APPEND)) {
          writing.put(localHandle, Boolean.FALSE);
        } else {
          audit.record(
              session.getUsername(),
              "sftp.download",
              districtOf(session),
              inBucket(f.getFile()),
              address(session.getClientAddress()),
              "ok",
              null);
        }
      }
    }

    @Override
    public void written(
        ServerSession session,
        String remoteHandle,
        FileHandle localHandle,
        long offset,
        byte[] data,
        int dataOffset,
        int dataLen,
        Throwable thrown) {
      if (thrown != null) {
        // A failed write (quota, full disk) leaves an incomplete file: never taken in.
        writing.replace(localHandle, Boolean.TRUE);
      }
    }

    @Override
    public void exiting(ServerSession session, Handle handle) {
      // The session ended with the file still open: an interrupted upload, kept for a resume.
      writing.remove(handle);
      Tee tee = tees.remove(handle);
      if (tee != null) {
        tee.abandon();
      }
    }

    @Override
    public void closed(
        ServerSession session, String remoteHandle, Handle localHandle, Throwable thrown)
        throws IOException {
      Boolean failed = writing.remove(localHandle);
      Tee tee = tees.remove(localHandle);
      if (failed == null || failed || thrown != null) {
        if (tee != null) {
          tee.abandon();
        }
        return;
      }
      Path file = localHandle.getFile();
      if (temporary(file)) {
        return;
      }
      StoredFile stored = tee == null ? null : tee.finish(Files.size(file));
      if (stored == null) {
        takeIn(session, file);
      } else {
        takeIn(
            session,
            file,
            (sender, district, name) -> intake.acceptStored(district, name, stored, sender));
      }
    }

    @Override
    public void moving(
        ServerSession session, Path srcPath, Path dstPath, Collection<CopyOption> opts)
        throws IOException {
      if (!inInbox(srcPath) || !inInbox(dstPath)) {
        throw new AccessDeniedException(
            inBucket(srcPath), inBucket(dstPath), "files can only be renamed inside /inbox");
      }
    }

    @Override
    public void moved(
        ServerSession session,
        Path srcPath,
        Path dstPath,
        Collection<CopyOption> opts,
        Throwable thrown)
        throws IOException {
      if (thrown != null) {
        return;
      }
      inboxCrypto.renamed(
          districtOf(session), srcPath.getFileName().toString(), dstPath.getFileName().toString());
      if (!temporary(dstPath) && temporary(srcPath)) {
        takeIn(session, dstPath);
      }
    }

    @Override
    public void removing(ServerSession session, Path path, boolean isDirectory) throws IOException {
      if (isDirectory || !inInbox(path)) {
        throw new AccessDeniedException(
            inBucket(path), null, "only files in /inbox can be removed");
      }
    }

    @Override
    public void removed(ServerSession session, Path path, boolean isDirectory, Throwable thrown) {
      if (thrown == null) {
        inboxCrypto.forget(districtOf(session), path.getFileName().toString());
      }
    }

    @Override
    public void modifyingAttributes(ServerSession session, Path path, Map<String, ?> attrs)
        throws IOException {
      if (!inInbox(path)) {
        throw new AccessDeniedException(inBucket(path), null, "read-only");
      }
    }

    /** How an upload gets into the vault: already there through the tee, or read from the inbox. */
    private interface Store {
      List<Long> into(Intake.Sender sender, String district, String name) throws IOException;
    }

    private void takeIn(ServerSession session, Path file) throws IOException {
      takeIn(
          session,
          file,
          (sender, district, name) -> {
            byte[] nonce =
                inboxCrypto
                    .nonceOf(district, name)
                    .orElseThrow(
                        () -> new IOException("The hub has no record of the upload of " + name));
            try (InputStream in = inboxCrypto.open(file, nonce)) {
              return intake.accept(district, name, in, sender);
            }
          });
    }

    private void takeIn(ServerSession session, Path file, Store store) throws IOException {
      String district = districtOf(session);
      String name = file.getFileName().toString();
      try {
        var unused =
            store.into(
                new Intake.Sender(
                    "sftp", session.getUsername(), address(session.getClientAddress())),
                district,
                name);
      } catch (IOException | RuntimeException e) {
        log.error("An SFTP upload could not be stored: {}", e.toString());
        throw new IOException(
            "The hub could not store " + name + "; it was not received. Send it again.", e);
      }
      // Safe in the vault: the inbox copy goes.
      Files.deleteIfExists(file);
      inboxCrypto.forget(district, name);
    }
  }
}
