using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using P4Orleans.Silo.Database;
using P4Orleans.Silo.Embedded;

namespace P4Orleans.Bench.Harness;

/// <summary>
/// The run's database, fresh and migrated: a private durable PostgreSQL (fsync on, default commit
/// settings) in a temporary folder, stopped and deleted at the end; or, when
/// <c>ConnectionStrings__Postgres</c> is set, a new database in that server, dropped at the end.
/// </summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private readonly EmbeddedPostgres? _embedded;
    private readonly string? _externalAdmin;
    private readonly string? _root;

    private BenchDatabase(string connectionString, string kind, EmbeddedPostgres? embedded, string? externalAdmin, string? root)
    {
        ConnectionString = connectionString;
        Kind = kind;
        _embedded = embedded;
        _externalAdmin = externalAdmin;
        _root = root;
    }

    /// <summary>The connection string of the benchmark database.</summary>
    public string ConnectionString { get; }

    /// <summary>The extra Npgsql settings of the run (<c>--npgsql</c>), empty when none.</summary>
    public string ConnectionOptions { get; private init; } = "";

    /// <summary>"embedded" or "external".</summary>
    public string Kind { get; }

    public static async Task<BenchDatabase> StartAsync(BenchOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        var external = Environment.GetEnvironmentVariable("ConnectionStrings__Postgres");
        BenchDatabase database;
        if (!string.IsNullOrWhiteSpace(external))
        {
            var name = "p4bench_" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "_" + Guid.NewGuid().ToString("N")[..6];
            await using (var admin = new NpgsqlConnection(external))
            {
                await admin.OpenAsync(cancellationToken);
                // An identifier cannot be a parameter; the name is generated above and quoted.
                await using var create = new NpgsqlCommand("CREATE DATABASE " + EmbeddedPostgres.QuoteIdentifier(name), admin);
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
            var builder = new NpgsqlConnectionStringBuilder(external) { Database = name, MaxPoolSize = 100 };
            await log.WriteLineAsync($"Using the server of ConnectionStrings__Postgres, fresh database {name}");
            database = new BenchDatabase(WithOptions(builder.ConnectionString, options), "external", null, external, null)
            {
                ConnectionOptions = options.ConnectionOptions ?? "",
            };
        }
        else
        {
            var root = Path.Combine(Path.GetTempPath(), "p4orleans-bench-" + Guid.NewGuid().ToString("N")[..10]);
            var embedded = new EmbeddedPostgres(new EmbeddedPostgresOptions
            {
                DataDirectory = root,
                Database = "bench",
                Durable = true,
                // The socket lives in the private folder; the number only names it.
                Port = Random.Shared.Next(20_000, 30_000),
                MaxConnections = 300,
            });
            await log.WriteLineAsync($"Starting a private durable PostgreSQL in {root}");
            database = new BenchDatabase(WithOptions(embedded.ConnectionString, options), "embedded", embedded, null, root)
            {
                ConnectionOptions = options.ConnectionOptions ?? "",
            };
            try
            {
                await embedded.StartAsync(cancellationToken);
            }
            catch
            {
                await database.DisposeAsync();
                throw;
            }
        }
        await using (var ds = NpgsqlDataSource.Create(database.ConnectionString))
        {
            await new Migrator(ds, NullLogger<Migrator>.Instance).MigrateAsync(cancellationToken);
        }
        return database;
    }

    /// <summary>
    /// CPU time used so far by the embedded server's processes (postmaster and its children: backends,
    /// WAL writer, checkpointer), from /proc; null for an external server or off Linux.
    /// </summary>
    public TimeSpan? ServerCpuTime()
    {
        if (_embedded is null || !OperatingSystem.IsLinux())
        {
            return null;
        }
        var pidFile = Path.Combine(_embedded.ClusterDirectory, "postmaster.pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadLines(pidFile).First(), out var postmaster))
        {
            return null;
        }
        long ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                // Fields after the parenthesised command: state ppid ... utime (14) stime (15).
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var ppid = int.Parse(fields[1], CultureInfo.InvariantCulture);
                if (pid == postmaster || ppid == postmaster)
                {
                    ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                }
            }
            catch (IOException)
            {
                // The process ended meanwhile.
            }
        }
        // Linux reports these in clock ticks of 1/100 s (USER_HZ).
        return TimeSpan.FromMilliseconds(ticks * 10.0);
    }

    private static string WithOptions(string connectionString, BenchOptions options) =>
        string.IsNullOrWhiteSpace(options.ConnectionOptions)
            ? connectionString
            : new NpgsqlConnectionStringBuilder(connectionString + ";" + options.ConnectionOptions).ConnectionString;

    /// <summary>Server version and the settings that decide commit cost.</summary>
    public async Task<Dictionary<string, string>> DescribeAsync(CancellationToken cancellationToken)
    {
        var info = new Dictionary<string, string> { ["kind"] = Kind, ["npgsql_options"] = ConnectionOptions };
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync(cancellationToken);
        foreach (var setting in new[] { "server_version", "fsync", "synchronous_commit", "wal_sync_method", "shared_buffers", "max_connections" })
        {
            await using var cmd = new NpgsqlCommand("SELECT current_setting($1)", conn);
            cmd.Parameters.Add(new NpgsqlParameter { Value = setting });
            info[setting] = (string?)await cmd.ExecuteScalarAsync(cancellationToken) ?? "";
        }
        return info;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_embedded is not null)
        {
            await _embedded.StopAsync();
        }
        if (_root is not null && Directory.Exists(_root))
        {
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS to clean.
            }
        }
        if (_externalAdmin is not null)
        {
            var name = new NpgsqlConnectionStringBuilder(ConnectionString).Database!;
            await using var admin = new NpgsqlConnection(_externalAdmin);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand("DROP DATABASE IF EXISTS " + EmbeddedPostgres.QuoteIdentifier(name) + " WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
