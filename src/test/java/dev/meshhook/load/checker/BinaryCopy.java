package dev.meshhook.load.checker;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.PGStatement;
import org.postgresql.copy.PGCopyInputStream;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.Utils;
import org.postgresql.util.ByteConverter;

/**
 * A query's rows through {@code COPY (query) TO STDOUT (FORMAT binary)}, field by field, without an
 * object per row or per field. Unlike a cursor fetched in batches, where the database waits for
 * each next fetch while the client decodes the last one, a copy streams without pause: PostgreSQL
 * produces rows on one core while the checker decodes them on another.
 *
 * <p>A copy takes no bind parameters, so the one {@code ?} of the query is replaced by a literal
 * escaped the connection's way ({@link #inlined}).
 */
final class BinaryCopy implements AutoCloseable {
  private static final byte[] SIGNATURE =
      "PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1);

  private final InputStream in;
  private byte[] buffer = new byte[1 << 16];
  private int position;
  private int limit;
  private int rowStart;
  // each field of the current row: its start relative to rowStart, and its length (-1 for null)
  private int[] starts = new int[16];
  private int[] lengths = new int[16];
  private int fields;
  private boolean done;

  private BinaryCopy(InputStream in) {
    this.in = in;
  }

  /** Starts copying the rows of {@code sql} (no parameters: see {@link #inlined}) out. */
  static BinaryCopy start(Connection c, String sql) throws SQLException {
    String query = "COPY (" + sql + ") TO STDOUT (FORMAT binary)";
    BinaryCopy copy = new BinaryCopy(new PGCopyInputStream(c.unwrap(PGConnection.class), query));
    try {
      copy.header();
    } catch (IOException e) {
      copy.close();
      throw new SQLException("reading the copy's header: " + e.getMessage(), e);
    }
    return copy;
  }

  /**
   * {@code sql} with its one {@code ?} replaced by {@code value} as a string literal, escaped for
   * the connection's {@code standard_conforming_strings}; the query the copy runs, and the one the
   * benchmark explains.
   */
  static String inlined(Connection c, String sql, String value) throws SQLException {
    int at = sql.indexOf('?');
    if (at < 0 || sql.indexOf('?', at + 1) >= 0) {
      throw new IllegalArgumentException("expected exactly one ? in " + sql);
    }
    boolean standard = c.unwrap(BaseConnection.class).getStandardConformingStrings();
    StringBuilder literal = new StringBuilder(standard ? "'" : "E'");
    Utils.escapeLiteral(literal, value, standard);
    return sql.substring(0, at) + literal.append('\'') + sql.substring(at + 1);
  }

  private void header() throws IOException {
    need(SIGNATURE.length + 8);
    if (!Arrays.equals(
        buffer, position, position + SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
      throw new IOException("not a binary copy");
    }
    position += SIGNATURE.length + 4; // the flags: no OIDs since PostgreSQL 12
    int extension = ByteConverter.int4(buffer, position);
    position += 4;
    need(extension);
    position += extension;
  }

  /** Moves to the next row; false after the last. */
  boolean next() throws SQLException {
    if (done) {
      return false;
    }
    try {
      rowStart = position;
      need(2);
      int count = ByteConverter.int2(buffer, position);
      position += 2;
      if (count < 0) {
        done = true;
        byte[] rest = new byte[256];
        while (in.read(rest) >= 0) {
          // to the copy's end, so the connection is ready for its next statement
        }
        return false;
      }
      if (count > starts.length) {
        starts = new int[count];
        lengths = new int[count];
      }
      fields = count;
      for (int f = 0; f < count; f++) {
        need(4);
        int length = ByteConverter.int4(buffer, position);
        position += 4;
        starts[f] = position - rowStart;
        lengths[f] = length;
        if (length > 0) {
          need(length);
          position += length;
        }
      }
      return true;
    } catch (IOException e) {
      throw new SQLException("reading the copy: " + e.getMessage(), e);
    }
  }

  int fields() {
    return fields;
  }

  boolean isNull(int field) {
    return lengths[field] < 0;
  }

  /** The field's length in bytes, -1 for null. */
  int length(int field) {
    return lengths[field];
  }

  /** Where the field's bytes start in {@link #buffer()}, valid until the next row. */
  int offset(int field) {
    return rowStart + starts[field];
  }

  /** The current row's bytes; see {@link #offset}. */
  byte[] buffer() {
    return buffer;
  }

  long int8(int field, int at) {
    return ByteConverter.int8(buffer, offset(field) + at);
  }

  long int8(int field) {
    return int8(field, 0);
  }

  /** An integer column of any width (int2, int4, int8). */
  long integer(int field) {
    return switch (lengths[field]) {
      case 2 -> ByteConverter.int2(buffer, offset(field));
      case 4 -> ByteConverter.int4(buffer, offset(field));
      default -> int8(field);
    };
  }

  /** A uuid column's first half, as {@link UUID} holds it; a run id stored as text is parsed. */
  long high(int field) {
    return lengths[field] == 16 ? int8(field, 0) : uuid(field).getMostSignificantBits();
  }

  /** A uuid column's second half; see {@link #high}. */
  long low(int field) {
    return lengths[field] == 16 ? int8(field, 8) : uuid(field).getLeastSignificantBits();
  }

  /** A uuid column (or its text); null for null. */
  UUID uuid(int field) {
    if (lengths[field] < 0) {
      return null;
    }
    return lengths[field] == 16
        ? new UUID(int8(field, 0), int8(field, 8))
        : UUID.fromString(text(field));
  }

  /** A timestamp column as an instant; null for null. See {@link #instantOf}. */
  Instant instant(int field) {
    return lengths[field] < 0 ? null : instantOf(int8(field));
  }

  /**
   * A timestamp's binary form, microseconds since 2000-01-01, as an instant; the infinities as the
   * driver gives them.
   */
  static Instant instantOf(long micros) {
    if (micros == Long.MAX_VALUE) {
      return new Timestamp(PGStatement.DATE_POSITIVE_INFINITY).toInstant();
    }
    if (micros == Long.MIN_VALUE) {
      return new Timestamp(PGStatement.DATE_NEGATIVE_INFINITY).toInstant();
    }
    return Instant.ofEpochSecond(
        946_684_800L + Math.floorDiv(micros, 1_000_000L),
        Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  boolean bool(int field) {
    return buffer[offset(field)] != 0;
  }

  /** The field as text (UTF-8, the connection's encoding); null for null. */
  String text(int field) {
    return lengths[field] < 0
        ? null
        : new String(buffer, offset(field), lengths[field], StandardCharsets.UTF_8);
  }

  byte[] bytes(int field) {
    return lengths[field] < 0
        ? null
        : Arrays.copyOfRange(buffer, offset(field), offset(field) + lengths[field]);
  }

  /** Makes {@code n} bytes from {@link #position} readable, keeping the current row's start. */
  private void need(int n) throws IOException {
    if (limit - position >= n) {
      return;
    }
    int kept = limit - rowStart;
    int wanted = position - rowStart + n;
    if (wanted > buffer.length) {
      byte[] larger = new byte[Math.max(buffer.length * 2, wanted)];
      System.arraycopy(buffer, rowStart, larger, 0, kept);
      buffer = larger;
    } else if (rowStart > 0) {
      System.arraycopy(buffer, rowStart, buffer, 0, kept);
    }
    position -= rowStart;
    limit = kept;
    rowStart = 0;
    while (limit - position < n) {
      int read = in.read(buffer, limit, buffer.length - limit);
      if (read < 0) {
        throw new EOFException("the copy ended within a row");
      }
      limit += read;
    }
  }

  @Override
  public void close() throws SQLException {
    try {
      in.close(); // cancels a copy not read to the end
    } catch (IOException e) {
      throw new SQLException("closing the copy: " + e.getMessage(), e);
    }
  }
}
