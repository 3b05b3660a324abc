package org.pathways.hub.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import tools.jackson.databind.json.JsonMapper;

/**
 * AWS KMS for tests, speaking its documented protocol on a loopback port: AWS JSON 1.1 (a POST to
 * {@code /} with {@code X-Amz-Target: TrentService.OPERATION} and {@code Content-Type:
 * application/x-amz-json-1.1}, blobs in Base64), for DescribeKey, Encrypt and Decrypt. Its keys
 * really encrypt: AES-256-GCM with a key it never gives out, the key's id inside the ciphertext and
 * the encryption context bound to it, so a ciphertext decrypts only under its own key and context.
 * Errors are the documented ones, named by {@code __type}: NotFoundException, DisabledException,
 * KMSInvalidStateException, InvalidCiphertextException, IncorrectKeyException,
 * InvalidKeyUsageException, ValidationException, AccessDeniedException (for an operation the test
 * denies) and UnrecognizedClientException (for a request signed with other credentials).
 */
public final class FakeKms implements AutoCloseable {

  public static final String REGION = "us-east-1";
  public static final String ACCOUNT = "111122223333";
  public static final String ALIAS = "alias/pathways-hub-test";
  public static final String ACCESS_KEY = "AKIAFAKEKMSTESTKEY01";
  public static final String SECRET_KEY = "fake-kms-secret-never-logged";

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
  private static final int VERSION = 1;
  private static final int ID_LENGTH = 36;
  private static final int IV_LENGTH = 12;
  private static final int TAG_BITS = 128;

  /** A key as KMS keeps it; the AES key never leaves this class. */
  private record Key(String id, String arn, String spec, String usage, SecretKey aes) {}

  private final HttpServer http;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Key> keys = new ConcurrentHashMap<>();
  private final Map<String, String> states = new ConcurrentHashMap<>();
  private final Map<String, String> aliases = new ConcurrentHashMap<>();
  private final Map<String, Boolean> denied = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final String firstArn;

  private FakeKms() throws IOException {
    this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext("/", this::handle);
    this.firstArn = createKey("SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT");
    aliases.put(ALIAS, idOf(firstArn));
  }

  /** A server with one enabled symmetric key, named by {@link #ALIAS} too. */
  public static FakeKms start() throws IOException {
    FakeKms kms = new FakeKms();
    kms.http.start();
    return kms;
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
  }

  /** The ARN of the first key, the one {@link #ALIAS} names. */
  public String keyArn() {
    return firstArn;
  }

  /** A new symmetric encryption key; its ARN. */
  public String createKey() {
    return createKey("SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT");
  }

  /** A new key of a given spec and usage (for a key the vault must refuse); its ARN. */
  public String createKey(String spec, String usage) {
    try {
      KeyGenerator gen = KeyGenerator.getInstance("AES");
      gen.init(256, random);
      String id = UUID.randomUUID().toString();
      String arn = "arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/" + id;
      keys.put(id, new Key(id, arn, spec, usage, gen.generateKey()));
      states.put(id, "Enabled");
      return arn;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sets a key's state, as {@code Disabled} or {@code PendingDeletion}. */
  public void setState(String arn, String state) {
    states.put(idOf(arn), state);
  }

  /** Answers AccessDeniedException to every call of an operation, as a key policy without it. */
  public void deny(String operation) {
    denied.put(operation, Boolean.TRUE);
  }

  public void allow(String operation) {
    denied.remove(operation);
  }

  /** How many calls of an operation were answered, successfully or not. */
  public int calls(String operation) {
    AtomicInteger n = calls.get(operation);
    return n == null ? 0 : n.get();
  }

  /** Spring arguments for a hub whose master key is the first key, named by its alias. */
  public List<String> hubArgs() {
    return List.of(
        "--hub.vault.master-key=aws-kms",
        "--hub.vault.kms.key-id=" + ALIAS,
        "--hub.vault.kms.region=" + REGION,
        "--hub.vault.kms.endpoint=" + endpoint());
  }

  /**
   * Gives this JVM the server's credentials as the AWS SDK's system properties, the first place its
   * default chain looks, until the returned handle is closed.
   */
  public static AutoCloseable systemCredentials() {
    String id = System.getProperty("aws.accessKeyId");
    String secret = System.getProperty("aws.secretAccessKey");
    System.setProperty("aws.accessKeyId", ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", SECRET_KEY);
    return () -> {
      restore("aws.accessKeyId", id);
      restore("aws.secretAccessKey", secret);
    };
  }

  private static void restore(String property, String value) {
    if (value == null) {
      System.clearProperty(property);
    } else {
      System.setProperty(property, value);
    }
  }

  /**
   * Decrypts a ciphertext of this server as Decrypt would, for a test to see what a wrapped value
   * holds without going through the hub.
   */
  public byte[] decrypt(byte[] blob, Map<String, String> context) throws GeneralSecurityException {
    ByteBuffer in = ByteBuffer.wrap(blob);
    if (blob.length < 1 + ID_LENGTH + IV_LENGTH + TAG_BITS / 8 || in.get() != VERSION) {
      throw new GeneralSecurityException("not a ciphertext of this KMS");
    }
    byte[] id = new byte[ID_LENGTH];
    in.get(id);
    Key key = keys.get(new String(id, StandardCharsets.US_ASCII));
    if (key == null) {
      throw new GeneralSecurityException("not a ciphertext of this KMS");
    }
    byte[] iv = new byte[IV_LENGTH];
    in.get(iv);
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(Cipher.DECRYPT_MODE, key.aes(), new GCMParameterSpec(TAG_BITS, iv));
    gcm.updateAAD(aad(key.id(), context));
    return gcm.doFinal(blob, in.position(), in.remaining());
  }

  private byte[] encrypt(Key key, byte[] plaintext, Map<String, String> context)
      throws GeneralSecurityException {
    byte[] iv = new byte[IV_LENGTH];
    random.nextBytes(iv);
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(Cipher.ENCRYPT_MODE, key.aes(), new GCMParameterSpec(TAG_BITS, iv));
    gcm.updateAAD(aad(key.id(), context));
    byte[] sealed = gcm.doFinal(plaintext);
    return ByteBuffer.allocate(1 + ID_LENGTH + IV_LENGTH + sealed.length)
        .put((byte) VERSION)
        .put(key.id().getBytes(StandardCharsets.US_ASCII))
        .put(iv)
        .put(sealed)
        .array();
  }

  /**
   * The key's id and the context in one order whatever the request's, each part length-prefixed.
   */
  private static byte[] aad(String keyId, Map<String, String> context) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<String> parts = new ArrayList<>();
    parts.add(keyId);
    new TreeMap<>(context)
        .forEach(
            (k, v) -> {
              parts.add(k);
              parts.add(v);
            });
    for (String p : parts) {
      byte[] b = p.getBytes(StandardCharsets.UTF_8);
      out.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
      out.writeBytes(b);
    }
    return out.toByteArray();
  }

  /** A key by its id, key ARN, alias or alias ARN; null if there is none. */
  private Key resolve(String keyId) {
    if (keyId == null) {
      return null;
    }
    String aliasArnPrefix = "arn:aws:kms:" + REGION + ":" + ACCOUNT + ":";
    String name =
        keyId.startsWith(aliasArnPrefix + "alias/")
            ? keyId.substring(aliasArnPrefix.length())
            : keyId;
    if (name.startsWith("alias/")) {
      String id = aliases.get(name);
      return id == null ? null : keys.get(id);
    }
    return keys.get(idOf(name));
  }

  private static String idOf(String idOrArn) {
    int slash = idOrArn.lastIndexOf(":key/");
    return slash < 0 ? idOrArn : idOrArn.substring(slash + ":key/".length());
  }

  /** A documented KMS error: its type and message, answered as status 400. */
  private static final class KmsError extends Exception {
    private static final long serialVersionUID = 1L;
    final String type;

    KmsError(String type, String message) {
      super(message);
      this.type = type;
    }
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      byte[] body;
      try (InputStream in = x.getRequestBody()) {
        body = in.readAllBytes();
      }
      String target = x.getRequestHeaders().getFirst("X-Amz-Target");
      String operation =
          target != null && target.startsWith("TrentService.")
              ? target.substring("TrentService.".length())
              : String.valueOf(target);
      calls.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
      try {
        send(x, 200, answer(x, operation, body));
      } catch (KmsError e) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("__type", e.type);
        error.put("message", e.getMessage());
        send(x, 400, error);
      }
    }
  }

  private Map<String, Object> answer(HttpExchange x, String operation, byte[] body)
      throws KmsError {
    String type = x.getRequestHeaders().getFirst("Content-Type");
    if (!x.getRequestMethod().equals("POST")
        || !x.getRequestURI().getPath().equals("/")
        || type == null
        || !type.startsWith(CONTENT_TYPE)) {
      throw new KmsError("SerializationException", "Expected a POST of " + CONTENT_TYPE + " to /");
    }
    String auth = x.getRequestHeaders().getFirst("Authorization");
    if (auth == null
        || !auth.startsWith("AWS4-HMAC-SHA256 ")
        || !auth.contains("Credential=" + ACCESS_KEY + "/")) {
      throw new KmsError(
          "UnrecognizedClientException", "The security token included in the request is invalid.");
    }
    if (denied.containsKey(operation)) {
      throw new KmsError(
          "AccessDeniedException",
          "User: arn:aws:iam::"
              + ACCOUNT
              + ":user/hub is not authorized to perform: kms:"
              + operation);
    }
    Map<String, Object> request = parse(body);
    return switch (operation) {
      case "DescribeKey" -> describeKey(request);
      case "Encrypt" -> encrypt(request);
      case "Decrypt" -> decrypt(request);
      default -> throw new KmsError("UnknownOperationException", "Unknown operation " + operation);
    };
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(byte[] body) throws KmsError {
    try {
      return JSON.readValue(body, LinkedHashMap.class);
    } catch (RuntimeException e) {
      throw new KmsError("SerializationException", "The request is not a JSON object");
    }
  }

  private Key usable(String keyId, boolean forUse) throws KmsError {
    Key key = resolve(keyId);
    if (key == null) {
      throw new KmsError("NotFoundException", "Key '" + keyId + "' does not exist");
    }
    String state = states.get(key.id());
    if (forUse && state.equals("Disabled")) {
      throw new KmsError("DisabledException", key.arn() + " is disabled.");
    }
    if (forUse && !state.equals("Enabled")) {
      throw new KmsError("KMSInvalidStateException", key.arn() + " is pending deletion.");
    }
    if (forUse && !key.usage().equals("ENCRYPT_DECRYPT")) {
      throw new KmsError(
          "InvalidKeyUsageException", "KeyUsage for " + key.arn() + " is not ENCRYPT_DECRYPT");
    }
    return key;
  }

  private Map<String, Object> describeKey(Map<String, Object> request) throws KmsError {
    Key key = usable(string(request, "KeyId"), false);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("AWSAccountId", ACCOUNT);
    m.put("KeyId", key.id());
    m.put("Arn", key.arn());
    m.put("CreationDate", 1.7640e9);
    m.put("Enabled", states.get(key.id()).equals("Enabled"));
    m.put("Description", "the hub's test master key");
    m.put("KeyUsage", key.usage());
    m.put("KeyState", states.get(key.id()));
    m.put("Origin", "AWS_KMS");
    m.put("KeyManager", "CUSTOMER");
    m.put("CustomerMasterKeySpec", key.spec());
    m.put("KeySpec", key.spec());
    m.put("EncryptionAlgorithms", List.of("SYMMETRIC_DEFAULT"));
    m.put("MultiRegion", false);
    return Map.of("KeyMetadata", m);
  }

  private Map<String, Object> encrypt(Map<String, Object> request) throws KmsError {
    Key key = usable(string(request, "KeyId"), true);
    byte[] plaintext = blob(request, "Plaintext");
    if (plaintext.length < 1 || plaintext.length > 4096) {
      throw new KmsError(
          "ValidationException",
          "1 validation error detected: Value at 'plaintext' failed to satisfy constraint:"
              + " Member must have length less than or equal to 4096");
    }
    try {
      byte[] blob = encrypt(key, plaintext, context(request));
      return Map.of(
          "CiphertextBlob",
          Base64.getEncoder().encodeToString(blob),
          "KeyId",
          key.arn(),
          "EncryptionAlgorithm",
          "SYMMETRIC_DEFAULT");
    } catch (GeneralSecurityException e) {
      throw new KmsError("KMSInternalException", e.getMessage());
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  private Map<String, Object> decrypt(Map<String, Object> request) throws KmsError {
    byte[] blob = blob(request, "CiphertextBlob");
    Key wanted = request.containsKey("KeyId") ? usable(string(request, "KeyId"), true) : null;
    Key owner =
        blob.length > 1 + ID_LENGTH && blob[0] == VERSION
            ? keys.get(new String(blob, 1, ID_LENGTH, StandardCharsets.US_ASCII))
            : null;
    if (owner == null) {
      throw new KmsError("InvalidCiphertextException", null);
    }
    if (wanted != null && !wanted.id().equals(owner.id())) {
      throw new KmsError(
          "IncorrectKeyException",
          "The key ID in the request does not identify a CMK that can perform this operation.");
    }
    usable(owner.id(), true);
    try {
      return Map.of(
          "Plaintext",
          Base64.getEncoder().encodeToString(decrypt(blob, context(request))),
          "KeyId",
          owner.arn(),
          "EncryptionAlgorithm",
          "SYMMETRIC_DEFAULT");
    } catch (GeneralSecurityException e) {
      // KMS says no more than this, whether the context or the ciphertext is wrong.
      throw new KmsError("InvalidCiphertextException", null);
    }
  }

  private static String string(Map<String, Object> request, String field) throws KmsError {
    Object v = request.get(field);
    if (!(v instanceof String s) || s.isEmpty()) {
      throw new KmsError("ValidationException", field + " is required");
    }
    return s;
  }

  private static byte[] blob(Map<String, Object> request, String field) throws KmsError {
    try {
      return Base64.getDecoder().decode(string(request, field));
    } catch (IllegalArgumentException e) {
      throw new KmsError("SerializationException", field + " is not Base64");
    }
  }

  private static Map<String, String> context(Map<String, Object> request) throws KmsError {
    Object v = request.get("EncryptionContext");
    if (v == null) {
      return Map.of();
    }
    if (!(v instanceof Map<?, ?> m)) {
      throw new KmsError("SerializationException", "EncryptionContext is not a map");
    }
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!(e.getValue() instanceof String s)) {
        throw new KmsError("SerializationException", "EncryptionContext values are strings");
      }
      out.put(String.valueOf(e.getKey()), s);
    }
    return out;
  }

  private static void send(HttpExchange x, int status, Map<String, Object> body)
      throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    x.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
    x.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
    x.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
