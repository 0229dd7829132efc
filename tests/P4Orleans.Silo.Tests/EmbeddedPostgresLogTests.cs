using Npgsql;

namespace P4Orleans.Silo.Tests;

/// <summary>PostgreSQL's own log never holds the contents of rows or the values of statements.</summary>
public sealed class EmbeddedPostgresLogTests
{
    [Fact]
    public async Task constraint_violations_leave_no_row_contents_or_statement_values_in_the_server_log()
    {
        await using var s = new EmbeddedServerFolder("p4o-log", 5446);
        var ct = TestContext.Current.CancellationToken;
        await s.Server.StartAsync(ct);
        await using var db = NpgsqlDataSource.Create(s.Server.ConnectionString);
        await using (var schema = db.CreateCommand(
            "CREATE TABLE office (id text PRIMARY KEY);" +
            "CREATE TABLE debtor (id int PRIMARY KEY, name text NOT NULL CHECK (length(name) < 12), nick text UNIQUE, office text REFERENCES office (id));" +
            "INSERT INTO debtor VALUES (1, 'short', 'Mrs-Unique-Nick', NULL)"))
        {
            await schema.ExecuteNonQueryAsync(ct);
        }
        var markers = new List<string>();
        string Marker()
        {
            var m = "Marker" + Guid.NewGuid().ToString("N")[..10];
            markers.Add(m);
            return m;
        }
        // Literal values (the statement text would hold them) and parameters, for each kind of violation.
        var literal = Marker();
        var unique = Marker();
        await using (var taken = db.CreateCommand("INSERT INTO debtor VALUES (8, 'ok', $1, NULL)"))
        {
            taken.Parameters.Add(new NpgsqlParameter { Value = unique });
            await taken.ExecuteNonQueryAsync(ct);
        }
        var failing = new (string Sql, object?[] Args)[]
        {
            ($"INSERT INTO debtor VALUES (2, 'Jean {literal} Dupont', NULL, NULL)", []),
            ("INSERT INTO debtor VALUES (3, $1, NULL, NULL)", [Marker() + " Dupont-Longname"]),
            ("INSERT INTO debtor VALUES (4, NULL, $1, NULL)", [Marker()]),
            ("INSERT INTO debtor VALUES (5, 'ok', $1, NULL)", [unique]),
            ($"INSERT INTO debtor VALUES (6, 'ok', '{unique}', NULL)", []),
            ("INSERT INTO debtor VALUES (7, 'ok', NULL, $1)", [Marker()]),
        };
        foreach (var (sql, args) in failing)
        {
            await using var cmd = db.CreateCommand(sql);
            foreach (var a in args)
            {
                cmd.Parameters.Add(new NpgsqlParameter { Value = a });
            }
            await Assert.ThrowsAsync<PostgresException>(() => cmd.ExecuteNonQueryAsync(ct));
        }

        var log = await File.ReadAllTextAsync(s.Log, ct);
        Assert.Contains("violates check constraint", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Failing row contains", log, StringComparison.Ordinal);
        Assert.DoesNotContain("STATEMENT:", log, StringComparison.Ordinal);
        Assert.All(markers, m => Assert.DoesNotContain(m, log, StringComparison.Ordinal));
    }
}
