using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace P4Orleans.Silo.Embedded;

/// <summary>
/// A private PostgreSQL cluster in a data folder, run from the machine's binaries: initialised on
/// first start, reused on the next, listening on a Unix socket (and optionally a loopback port), run
/// as an unprivileged account when the program is root, stopped on dispose when this process started it.
/// </summary>
public sealed class EmbeddedPostgres : IAsyncDisposable
{
    private readonly EmbeddedPostgresOptions _options;
    private readonly ILogger _logger;
    private string? _binDir;
    private string? _runAs;
    private bool _ownsServer;

    public EmbeddedPostgres(EmbeddedPostgresOptions options, ILogger? logger = null)
    {
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        DataDirectory = Path.GetFullPath(options.DataDirectory);
        ClusterDirectory = Path.Combine(DataDirectory, "data");
        SocketDirectory = ChooseSocketDirectory(DataDirectory, options.Port);
    }

    /// <summary>The data folder (absolute).</summary>
    public string DataDirectory { get; }

    /// <summary>The cluster folder inside the data folder.</summary>
    public string ClusterDirectory { get; }

    /// <summary>The folder of the Unix socket.</summary>
    public string SocketDirectory { get; }

    /// <summary>The connection string to the platform's database, once started.</summary>
    public string ConnectionString => Build(_options.Database);

    /// <summary>A connection string to another database of the same cluster.</summary>
    public string ConnectionStringFor(string database) => Build(database);

    /// <summary>Initialises the cluster if needed, starts it unless already running, creates the database.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        _binDir = await PostgresBinaries.LocateAsync(_options.AutoInstall, cancellationToken);
        _runAs = Environment.UserName == "root" ? ResolveRunAsUser() : null;
        Directory.CreateDirectory(DataDirectory);
        Directory.CreateDirectory(SocketDirectory);
        if (_runAs is not null)
        {
            CheckTraversable(DataDirectory);
            await RunAsync("/bin/chown", ["-R", _runAs, DataDirectory], asServerUser: false, cancellationToken);
            await RunAsync("/bin/chown", [_runAs, SocketDirectory], asServerUser: false, cancellationToken);
        }

        if (!File.Exists(Path.Combine(ClusterDirectory, "PG_VERSION")))
        {
            _logger.LogInformation("Initialising a private PostgreSQL cluster in {Directory}", ClusterDirectory);
            var pwFree = await RunAsync(Path.Combine(_binDir, "initdb"),
                ["-D", ClusterDirectory, "-U", _options.User, "--auth=trust", "--encoding=UTF8", "--no-locale", "--no-sync"],
                asServerUser: true, cancellationToken);
            if (pwFree.ExitCode != 0)
            {
                throw new EmbeddedPostgresException($"initdb failed in {ClusterDirectory}: {pwFree.Output}");
            }
            await File.AppendAllTextAsync(Path.Combine(ClusterDirectory, "postgresql.conf"),
                "\ninclude_if_exists = 'p4orleans.conf'\n", cancellationToken);
        }
        await WriteSettingsAsync(cancellationToken);

        if (await CanConnectAsync(cancellationToken))
        {
            _logger.LogInformation("Reusing the PostgreSQL already running on {Directory}", ClusterDirectory);
        }
        else
        {
            var log = Path.Combine(DataDirectory, "postgres.log");
            var started = await RunAsync(Path.Combine(_binDir, "pg_ctl"),
                ["-D", ClusterDirectory, "-l", log, "-w", "-t", "120", "start"], asServerUser: true, cancellationToken);
            if (started.ExitCode != 0)
            {
                var tail = File.Exists(log) ? string.Join('\n', (await File.ReadAllLinesAsync(log, cancellationToken)).TakeLast(15)) : "";
                throw new EmbeddedPostgresException($"PostgreSQL did not start in {ClusterDirectory}: {started.Output}\n{tail}");
            }
            _ownsServer = true;
            _logger.LogInformation("Started a private PostgreSQL on {Socket}", SocketDirectory);
        }
        await CreateDatabaseAsync(_options.Database, cancellationToken);
    }

    /// <summary>Creates a database in this cluster if it does not exist.</summary>
    public async Task CreateDatabaseAsync(string database, CancellationToken cancellationToken = default, string? template = null)
    {
        await using var conn = new NpgsqlConnection(Build("postgres"));
        await conn.OpenAsync(cancellationToken);
        await using (var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @d", conn))
        {
            exists.Parameters.AddWithValue("d", database);
            if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
            {
                return;
            }
        }
        var sql = new StringBuilder("CREATE DATABASE ").Append(QuoteIdentifier(database));
        if (template is not null)
        {
            sql.Append(" TEMPLATE ").Append(QuoteIdentifier(template));
        }
        // Identifiers cannot be parameters; both are quoted above.
        await using var create = new NpgsqlCommand(sql.ToString(), conn);
        try
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another process created it at the same moment.
        }
    }

    /// <summary>Stops the server if this process started it.</summary>
    public async Task StopAsync()
    {
        if (!_ownsServer || _binDir is null)
        {
            return;
        }
        _ownsServer = false;
        NpgsqlConnection.ClearAllPools();
        await RunAsync(Path.Combine(_binDir, "pg_ctl"), ["-D", ClusterDirectory, "-m", "fast", "-w", "stop"], asServerUser: true, CancellationToken.None);
        _logger.LogInformation("Stopped the private PostgreSQL");
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>Double-quotes an SQL identifier.</summary>
    public static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private string Build(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = SocketDirectory,
        Port = _options.Port,
        Username = _options.User,
        Database = database,
        MaxPoolSize = 100,
        Timeout = 30,
    }.ConnectionString;

    private async Task WriteSettingsAsync(CancellationToken cancellationToken)
    {
        var inv = CultureInfo.InvariantCulture;
        var conf = new StringBuilder()
            .AppendLine("# Written by P4Orleans at each start; edit EmbeddedPostgresOptions instead.")
            .AppendLine(inv, $"port = {_options.Port}")
            .AppendLine(inv, $"unix_socket_directories = '{SocketDirectory.Replace("'", "''", StringComparison.Ordinal)}'")
            .AppendLine(inv, $"listen_addresses = '{_options.ListenAddress}'")
            .AppendLine(inv, $"max_connections = {_options.MaxConnections}")
            .AppendLine(inv, $"shared_buffers = {_options.SharedBuffers}")
            .AppendLine("max_wal_size = 4GB")
            .AppendLine("log_min_messages = warning")
            .AppendLine("log_statement = none");
        if (!_options.Durable)
        {
            conf.AppendLine("fsync = off").AppendLine("synchronous_commit = off").AppendLine("full_page_writes = off");
        }
        var path = Path.Combine(ClusterDirectory, "p4orleans.conf");
        await File.WriteAllTextAsync(path, conf.ToString(), cancellationToken);
        if (_runAs is not null)
        {
            await RunAsync("/bin/chown", [_runAs, path], asServerUser: false, cancellationToken);
        }
    }

    private async Task<bool> CanConnectAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(ClusterDirectory, "postmaster.pid")))
        {
            return false;
        }
        try
        {
            await using var conn = new NpgsqlConnection(Build("postgres") + ";Timeout=3;Pooling=false");
            await conn.OpenAsync(cancellationToken);
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    private async Task<(int ExitCode, string Output)> RunAsync(string file, string[] args, bool asServerUser, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (asServerUser && _runAs is not null)
        {
            psi.FileName = "/usr/sbin/runuser";
            psi.ArgumentList.Add("-u");
            psi.ArgumentList.Add(_runAs);
            psi.ArgumentList.Add("--");
            psi.ArgumentList.Add(file);
        }
        else
        {
            psi.FileName = file;
        }
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment["LC_ALL"] = "C.UTF-8";
        using var process = Process.Start(psi) ?? throw new EmbeddedPostgresException($"Could not start {file}.");
        // pg_ctl leaves the server holding its own descriptors: read our pipes to the end, then wait.
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, (await stdout + await stderr).Trim());
    }

    private string ResolveRunAsUser()
    {
        foreach (var candidate in new[] { _options.RunAsUser, "postgres", "nobody" })
        {
            if (!string.IsNullOrEmpty(candidate) && File.ReadLines("/etc/passwd").Any(l => l.StartsWith(candidate + ":", StringComparison.Ordinal)))
            {
                return candidate;
            }
        }
        throw new EmbeddedPostgresException(
            "PostgreSQL refuses to run as root and no unprivileged account (postgres or nobody) exists. " +
            "Create one, run the program as a normal user, or set ConnectionStrings:Postgres.");
    }

    private static void CheckTraversable(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        for (var dir = Path.GetDirectoryName(directory); !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
        {
            var mode = File.GetUnixFileMode(dir);
            if (!mode.HasFlag(UnixFileMode.OtherExecute))
            {
                throw new EmbeddedPostgresException(
                    $"The data folder {directory} is inside {dir}, which the unprivileged PostgreSQL account cannot enter. " +
                    "Set Embedded:DataDirectory to a folder outside it (for example under /var/lib or /tmp).");
            }
        }
    }

    private static string ChooseSocketDirectory(string dataDirectory, int port)
    {
        // A Unix socket path is limited to about 107 bytes.
        var inside = Path.Combine(dataDirectory, "run");
        if (Encoding.UTF8.GetByteCount(Path.Combine(inside, $".s.PGSQL.{port}")) < 100)
        {
            return inside;
        }
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(dataDirectory)))[..12];
        return Path.Combine("/tmp", "p4o-" + hash.ToLowerInvariant());
    }
}
