package dev.meshhook.load.checker;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether the checker's role can see every row it will judge. A role without SELECT on a contract
 * table cannot read it at all; under row-level security a role that is not the table's owner, a
 * superuser or BYPASSRLS sees only what the policies grant it (on MeshHook, nothing): the checker
 * would then call every accepted webhook "missing". Both are found before the load and before the
 * check, named with the table, the role and the fix.
 */
public final class Visibility {
  /** The tables the checker reads. */
  public static final List<String> TABLES =
      List.of("projects", "workflow_definitions", "workflow_runs", "workflow_events");

  private static final String TABLE =
      """
      SELECT c.oid IS NOT NULL,
             coalesce(has_table_privilege(current_user, c.oid, 'SELECT'), false),
             coalesce(c.relrowsecurity, false),
             coalesce(c.relforcerowsecurity, false),
             coalesce(pg_get_userbyid(c.relowner) = current_user, false),
             r.rolsuper, r.rolbypassrls, current_user
      FROM pg_roles r
      LEFT JOIN pg_class c ON c.oid = to_regclass(?::text)
      WHERE r.rolname = current_user
      """;

  private Visibility() {}

  /** What keeps the checker from seeing every row of the contract tables; empty when nothing. */
  public static Optional<String> problem(HistoryReader history) throws SQLException {
    try (Connection c = history.connect()) {
      return problem(c);
    }
  }

  static Optional<String> problem(Connection c) throws SQLException {
    List<String> found = new ArrayList<>();
    List<String> blinded = new ArrayList<>();
    String blindRole = null;
    try (PreparedStatement ps = c.prepareStatement(TABLE)) {
      for (String table : TABLES) {
        ps.setString(1, table);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            found.add("the checker's role is not in pg_roles, so its rights cannot be checked");
            break;
          }
          String role = rs.getString(8);
          if (!rs.getBoolean(1)) {
            found.add(
                "table "
                    + table
                    + " is not in role "
                    + role
                    + "'s search path: the target does not have the MeshHook contract tables there");
          } else if (!rs.getBoolean(2)) {
            found.add(
                "role "
                    + role
                    + " lacks SELECT on "
                    + table
                    + ": fix with GRANT SELECT ON "
                    + table
                    + " TO "
                    + role);
          } else if (rs.getBoolean(3) && !seesAll(rs)) {
            blinded.add(table);
            blindRole = role;
          }
        }
      }
    }
    if (!blinded.isEmpty()) {
      found.add(
          "row-level security is on for "
              + String.join(", ", blinded)
              + " and role "
              + blindRole
              + " is not the owner, a superuser or BYPASSRLS, so it sees only the rows the"
              + " policies give it and every accepted webhook would look missing: fix with ALTER"
              + " ROLE "
              + blindRole
              + " BYPASSRLS (as a superuser), or connect as a role that has it (on Supabase,"
              + " service_role)");
    }
    return found.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", found));
  }

  /** Superuser and BYPASSRLS see every row; so does the owner, unless the table forces it too. */
  private static boolean seesAll(ResultSet rs) throws SQLException {
    return rs.getBoolean(6) || rs.getBoolean(7) || (rs.getBoolean(5) && !rs.getBoolean(4));
  }
}
