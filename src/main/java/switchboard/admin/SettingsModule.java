package switchboard.admin;

import io.vertx.core.http.HttpMethod;
import switchboard.config.SettingsBook;

/**
 * {@code /admin/v1/settings}: the gateway-wide defaults (auto_cache, the response cache,
 * guardrails), webhooks and price overrides, as one document; webhook secrets masked in answers.
 */
public final class SettingsModule implements AdminModule {

  private final SettingsBook settings;

  public SettingsModule(SettingsBook settings) {
    this.settings = settings;
  }

  @Override
  public void register(AdminRoutes routes) {
    routes.add(
        HttpMethod.GET,
        "/settings",
        "The settings in force, complete (defaults filled in), webhook secrets masked",
        ctx -> AdminReplies.json(ctx, 200, settings.json()));
    routes.add(
        HttpMethod.PUT,
        "/settings",
        "Replace the settings as a whole (fields left out take their defaults)",
        ctx -> AsyncReplies.reply(ctx, 200, settings.replace(AsyncReplies.body(ctx))));
    routes.add(
        HttpMethod.PATCH,
        "/settings",
        "Change the fields given (cache and guardrails field by field)",
        ctx -> AsyncReplies.reply(ctx, 200, settings.patch(AsyncReplies.body(ctx))));
  }
}
