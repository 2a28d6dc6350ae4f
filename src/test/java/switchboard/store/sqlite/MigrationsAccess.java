package switchboard.store.sqlite;

/** The number of migrations, for tests outside this package. */
public final class MigrationsAccess {

  private MigrationsAccess() {}

  public static int count() {
    return Migrations.ALL.size();
  }
}
