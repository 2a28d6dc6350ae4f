package switchboard.admin;

/** A feature's part of the admin API: registers its routes. */
@FunctionalInterface
public interface AdminModule {
  void register(AdminRoutes routes);
}
