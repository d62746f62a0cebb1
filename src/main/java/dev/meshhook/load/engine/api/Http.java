package dev.meshhook.load.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.javalin.http.Context;

/** JSON answers in the engine's one error shape: {@code {"error": "...", "detail": "..."}}. */
public final class Http {
  private Http() {}

  static void json(Context ctx, int status, JsonNode body) {
    ctx.status(status).contentType("application/json").result(body.toString());
  }

  static void error(Context ctx, int status, String error, String detail) {
    json(
        ctx,
        status,
        JsonNodeFactory.instance.objectNode().put("error", error).put("detail", detail));
  }
}
