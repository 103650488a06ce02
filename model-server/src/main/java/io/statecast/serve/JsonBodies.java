package io.statecast.serve;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.javalin.http.Context;
import io.statecast.registry.LimitedInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Request bodies: read within the size limit (413 beyond, whether the client declared the length or
 * streamed it), parsed as strict JSON (no trailing tokens, duplicate keys, {@code NaN} or comments;
 * bounded nesting and number lengths), every failure a 400 saying what and where.
 */
final class JsonBodies {

  /** The strict mapper requests are parsed with. */
  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .build();

  static {
    MAPPER
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(32)
                .maxNumberLength(64)
                .maxStringLength(1 << 20)
                .build());
  }

  private JsonBodies() {}

  /** The body as a stream that fails beyond {@code limit} bytes; 413 if the declared length is. */
  static InputStream stream(Context ctx, long limit) throws IOException {
    checkDeclaredLength(ctx, limit);
    return new LimitedInputStream(ctx.req().getInputStream(), limit);
  }

  /** The body, at most {@code limit} bytes (413 beyond). */
  static byte[] read(Context ctx, long limit) throws IOException {
    checkDeclaredLength(ctx, limit);
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
      if (body.length > limit) {
        throw ApiException.tooLarge(limit);
      }
      return body;
    }
  }

  /** The body parsed as one JSON value; 400 when it is empty or not valid JSON. */
  static JsonNode parse(Context ctx, long limit) throws IOException {
    return parse(read(ctx, limit));
  }

  /** {@code body} parsed as one JSON value; 400 when it is empty or not valid JSON. */
  static JsonNode parse(byte[] body) {
    if (body.length == 0) {
      throw ApiException.badRequest("the request needs a JSON body");
    }
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw ApiException.badRequest("the request needs a JSON body");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("malformed JSON: " + describe(e));
    } catch (IOException e) {
      throw ApiException.badRequest("unreadable JSON: " + e.getMessage());
    }
  }

  private static void checkDeclaredLength(Context ctx, long limit) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > limit) {
      throw ApiException.tooLarge(limit);
    }
  }

  private static String describe(JsonProcessingException e) {
    String msg = e.getOriginalMessage();
    if (msg != null && msg.length() > 300) {
      msg = msg.substring(0, 300) + "...";
    }
    JsonLocation at = e.getLocation();
    return at == null || at.getLineNr() < 0
        ? msg
        : msg + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
  }
}
