package switchboard.admin;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpMethod;
import java.util.Set;
import switchboard.access.KeyJson;
import switchboard.access.KeyService;

/**
 * {@code /admin/v1/keys}: create (the secret is in that answer only), list, read, update, revoke,
 * rotate. Keys declared in {@code switchboard.yaml} are listed but read-only.
 */
public final class KeysModule implements AdminModule {

  private final KeyService keys;

  public KeysModule(KeyService keys) {
    this.keys = keys;
  }

  @Override
  public void register(AdminRoutes routes) {
    routes.add(
        HttpMethod.POST,
        "/keys",
        "Create a key; the answer holds its secret, shown once",
        ctx ->
            AsyncReplies.reply(
                ctx,
                201,
                keys.create(KeyJson.read(AsyncReplies.body(ctx), null, Set.of()))
                    .map(KeysModule::issued)));
    routes.add(
        HttpMethod.GET,
        "/keys",
        "List keys (never their secrets)",
        ctx -> {
          ObjectNode out = JsonNodeFactory.instance.objectNode();
          var data = out.putArray("data");
          keys.list().forEach(k -> data.add(KeyJson.write(k)));
          AdminReplies.json(ctx, 200, out);
        });
    routes.add(
        HttpMethod.GET,
        "/keys/:id",
        "Read a key",
        ctx -> AdminReplies.json(ctx, 200, KeyJson.write(keys.get(ctx.pathParam("id")))));
    routes.add(
        HttpMethod.PATCH,
        "/keys/:id",
        "Update a key's settings (fields given replace)",
        ctx ->
            AsyncReplies.reply(
                ctx,
                200,
                keys.update(ctx.pathParam("id"), AsyncReplies.body(ctx)).map(KeyJson::write)));
    routes.add(
        HttpMethod.POST,
        "/keys/:id/revoke",
        "Revoke a key; it stops working at once",
        ctx -> AsyncReplies.reply(ctx, 200, keys.revoke(ctx.pathParam("id")).map(KeyJson::write)));
    routes.add(
        HttpMethod.DELETE,
        "/keys/:id",
        "Revoke a key (kept for the ledger)",
        ctx -> AsyncReplies.reply(ctx, 200, keys.revoke(ctx.pathParam("id")).map(KeyJson::write)));
    routes.add(
        HttpMethod.POST,
        "/keys/:id/rotate",
        "Give a key a new secret (shown once); the old one stops working at once",
        ctx ->
            AsyncReplies.reply(ctx, 200, keys.rotate(ctx.pathParam("id")).map(KeysModule::issued)));
  }

  private static ObjectNode issued(KeyService.Issued issued) {
    ObjectNode out = KeyJson.write(issued.key());
    out.put("secret", issued.secret());
    return out;
  }
}
