package org.pathways.hub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.pathways.hub.district.IssueCode;
import org.pathways.hub.parse.ArchiveException;
import org.pathways.hub.parse.TextSniff;

/** The pass before parsing, run beside the opening of the load. */
class SniffAheadTest {

  @Test
  void findsWhatThePassOnTheCallersThreadFinds() throws IOException {
    byte[] text = "student_id|first_name\n1001|Zoë\n".getBytes(StandardCharsets.UTF_8);
    TextSniff here = TextSniff.of(new ByteArrayInputStream(text));

    try (SniffAhead ahead = SniffAhead.start(() -> new ByteArrayInputStream(text), null)) {
      assertThat(ahead.join()).isEqualTo(here);
    }
  }

  @Test
  void aFailureOfThePassIsThrownToTheCallerAsItself() {
    ArchiveException bomb =
        new ArchiveException(IssueCode.ARCHIVE_TOO_LARGE, "The archive expands past its limit");

    try (SniffAhead ahead =
        SniffAhead.start(
            () ->
                new InputStream() {
                  @Override
                  public int read() throws IOException {
                    throw bomb;
                  }

                  @Override
                  public int read(byte[] b, int off, int len) throws IOException {
                    throw bomb;
                  }
                },
            null)) {
      assertThatThrownBy(ahead::join).isSameAs(bomb);
    }
  }

  @Test
  void aPassNobodyWaitsForStopsAndItsFileIsClosed() {
    AtomicBoolean closed = new AtomicBoolean();
    // An endless file: only being told to stop ends the pass.
    InputStream endless =
        new InputStream() {
          @Override
          public int read() {
            return 'a';
          }

          @Override
          public int read(byte[] b, int off, int len) {
            java.util.Arrays.fill(b, off, off + len, (byte) 'a');
            return len;
          }

          @Override
          public void close() {
            closed.set(true);
          }
        };
    SniffAhead.start(() -> endless, "0".repeat(64)).close();

    // Closed by the pass as it ended, before close() returned.
    assertThat(closed).isTrue();
  }
}
