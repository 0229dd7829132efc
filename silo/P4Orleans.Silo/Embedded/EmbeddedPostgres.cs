using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace P4Orleans.Silo.Embedded;

/// <summary>
/// A private PostgreSQL cluster in a data folder, run from the machine's binaries: initialised on
/// first start, reused on the next, listening on a Unix socket (and optionally a loopback port), run
/// as an unprivileged account when the program is root, stopped on dispose when this process started it.
/// Only the server account and the platform (with the generated password) get in: see the Privacy part.
/// </summary>
public sealed partial class EmbeddedPostgres : IAsyncDisposable
{
    private readonly EmbeddedPostgresOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private string? _binDir;
    private string? _runAs;
    private bool _ownsServer;
    private Process? _postmaster;

    public EmbeddedPostgres(EmbeddedPostgresOptions options, ILogger? logger = null)
    {
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        DataDirectory = Path.GetFullPath(options.DataDirectory);
        ClusterDirectory = Path.Combine(DataDirectory, "data");
        SocketDirectory = ChooseSocketDirectory(DataDirectory, options.Port);
        SecretFile = Path.Combine(DataDirectory, "superuser-password");
        LogFile = Path.Combine(DataDirectory, "postgres.log");
    }

    /// <summary>The data folder (absolute).</summary>
    public string DataDirectory { get; }

    /// <summary>The cluster folder inside the data folder.</summary>
    public string ClusterDirectory { get; }

    /// <summary>The folder of the Unix socket.</summary>
    public string SocketDirectory { get; }

    /// <summary>The server's own log.</summary>
    public string LogFile { get; }

    /// <summary>True between a successful start and the stop: the supervisor watches the server only then.</summary>
    public bool IsStarted { get; private set; }

    /// <summary>The connection string to the platform's database (with the generated password).</summary>
    public string ConnectionString => Build(_options.Database);

    /// <summary>A connection string to another database of the same cluster.</summary>
    public string ConnectionStringFor(string database) => Build(database);

    /// <summary>Initialises the cluster if needed, makes it private, starts it unless already running, creates the database.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            _binDir = await PostgresBinaries.LocateAsync(_options.AutoInstall, cancellationToken);
            _runAs = Environment.UserName == "root" ? ResolveRunAsUser() : null;
            var secretIsNew = PrepareFolders();
            if (_runAs is not null)
            {
                CheckTraversable(DataDirectory);
                await RunAsync("/bin/chown", ["-R", _runAs, DataDirectory], asServerUser: false, cancellationToken);
                await RunAsync("/bin/chown", [_runAs, SocketDirectory], asServerUser: false, cancellationToken);
            }

            var fresh = !File.Exists(Path.Combine(ClusterDirectory, "PG_VERSION"));
            if (fresh)
            {
                await InitialiseAsync(cancellationToken);
            }
            await WriteSettingsAsync(cancellationToken);

            if (IsPostmasterAlive())
            {
                await SecureRunningServerAsync(secretIsNew, cancellationToken);
                _logger.LogInformation("Reusing the PostgreSQL already running on {Directory}", ClusterDirectory);
            }
            else
            {
                await SecureStoppedClusterAsync(resetPassword: !fresh && (secretIsNew || HbaIsLegacy()), cancellationToken);
                await StartServerAsync(cancellationToken);
                _logger.LogInformation("Started a private PostgreSQL on {Socket}", SocketDirectory);
            }
            await CreateDatabaseAsync(_options.Database, cancellationToken);
            IsStarted = true;
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>True when the postmaster named in the cluster's lock file is alive (not gone, not a zombie).</summary>
    public bool IsPostmasterAlive()
    {
        var pidFile = Path.Combine(ClusterDirectory, "postmaster.pid");
        string? first;
        try
        {
            first = File.Exists(pidFile) ? File.ReadLines(pidFile).FirstOrDefault() : null;
        }
        catch (IOException)
        {
            return false;
        }
        if (!int.TryParse(first, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid))
        {
            return false;
        }
        if (OperatingSystem.IsLinux())
        {
            try
            {
                // /proc/<pid>/stat: "pid (comm) state ...": a zombie (Z) or dead (X) process is gone for us.
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var state = stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault();
                return state is not ('Z' or 'X') && stat.Contains("(postgres)", StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false;
            }
        }
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Starts the server again after it went away (the supervisor's call); nothing when it runs.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            if (!IsStarted || IsPostmasterAlive())
            {
                return;
            }
            ReapPostmaster();
            await StartServerAsync(cancellationToken);
        }
        finally
        {
            _lifecycle.Release();
        }
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
        await _lifecycle.WaitAsync();
        try
        {
            IsStarted = false;
            if (!_ownsServer || _binDir is null)
            {
                return;
            }
            _ownsServer = false;
            NpgsqlConnection.ClearAllPools();
            await RunAsync(Path.Combine(_binDir, "pg_ctl"), ["-D", ClusterDirectory, "-m", "fast", "-w", "stop"], asServerUser: true, CancellationToken.None);
            ReapPostmaster();
            _logger.LogInformation("Stopped the private PostgreSQL");
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>Double-quotes an SQL identifier.</summary>
    public static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private string Build(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = SocketDirectory,
        Port = _options.Port,
        Username = _options.User,
        Password = Password,
        Database = database,
        MaxPoolSize = 100,
        Timeout = 30,
    }.ConnectionString;
}
