using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace P4Orleans.Silo.Embedded;

/// <summary>
/// The private part: the data and socket folders are the server account's alone (0700), the superuser has a
/// generated password kept in <c>superuser-password</c> beside the cluster (0600), and pg_hba.conf allows
/// only that user, with SCRAM, on the socket (on TCP only when a listen address is configured). Folders
/// initialised by earlier versions with trust are upgraded on start.
/// </summary>
public sealed partial class EmbeddedPostgres
{
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly Lock _secretLock = new();
    private string? _password;
    private bool _secretCreated;

    /// <summary>The file holding the superuser's generated password (mode 0600).</summary>
    public string SecretFile { get; }

    private string Password
    {
        get
        {
            lock (_secretLock)
            {
                return _password ??= LoadOrCreateSecret();
            }
        }
    }

    private string LoadOrCreateSecret()
    {
        CreatePrivateDirectory(DataDirectory);
        if (File.Exists(SecretFile))
        {
            return File.ReadAllText(SecretFile).Trim();
        }
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = OwnerOnlyFile;
            }
            using var stream = new FileStream(SecretFile, options);
            stream.Write(Encoding.ASCII.GetBytes(secret));
            _secretCreated = true;
            return secret;
        }
        catch (IOException) when (File.Exists(SecretFile))
        {
            // Another process on the same folder wrote it first.
            return File.ReadAllText(SecretFile).Trim();
        }
    }

    /// <summary>Creates the folders and the secret with owner-only modes; true when the secret was new.</summary>
    private bool PrepareFolders()
    {
        _ = Password;
        CreatePrivateDirectory(DataDirectory);
        CreatePrivateDirectory(SocketDirectory);
        if (!OperatingSystem.IsWindows())
        {
            // Also for folders made by earlier versions (0755): other accounts cannot even reach the socket.
            File.SetUnixFileMode(DataDirectory, OwnerOnlyDirectory);
            File.SetUnixFileMode(SocketDirectory, OwnerOnlyDirectory);
            File.SetUnixFileMode(SecretFile, OwnerOnlyFile);
        }
        return _secretCreated;
    }

    private static void CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, OwnerOnlyDirectory);
        }
    }

    private string HbaPath => Path.Combine(ClusterDirectory, "pg_hba.conf");

    private string HbaContent()
    {
        var user = QuoteIdentifier(_options.User);
        var hba = new StringBuilder()
            .AppendLine("# Written by P4Orleans at each start: the platform's user only, with its password (SCRAM); never trust.")
            .AppendLine($"local all {user} scram-sha-256");
        if (!string.IsNullOrWhiteSpace(_options.ListenAddress))
        {
            hba.AppendLine($"host all {user} all scram-sha-256");
        }
        return hba.ToString();
    }

    /// <summary>True when pg_hba.conf still trusts someone (a folder of an earlier version).</summary>
    private bool HbaIsLegacy() =>
        File.Exists(HbaPath) && File.ReadLines(HbaPath).Any(l => TrustRule().IsMatch(l));

    private async Task WriteHbaAsync(CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync(HbaPath, HbaContent(), cancellationToken);
        if (_runAs is not null)
        {
            await RunAsync("/bin/chown", [_runAs, HbaPath], asServerUser: false, cancellationToken);
        }
    }

    /// <summary>A stopped cluster: the password set in single-user mode when needed (no trusted window), then the rules.</summary>
    private async Task SecureStoppedClusterAsync(bool resetPassword, CancellationToken cancellationToken)
    {
        if (resetPassword)
        {
            _logger.LogWarning("Making the PostgreSQL cluster in {Directory} private: setting its password, removing trust", ClusterDirectory);
            var sql = $"ALTER ROLE {QuoteIdentifier(_options.User)} PASSWORD '{ScramVerifier(Password)}';\n";
            var single = await RunAsync(Path.Combine(_binDir!, "postgres"), ["--single", "-D", ClusterDirectory, "postgres"],
                asServerUser: true, cancellationToken, input: sql);
            if (single.ExitCode != 0)
            {
                throw new EmbeddedPostgresException($"Could not set the password of the cluster in {ClusterDirectory} (exit code {single.ExitCode}).");
            }
        }
        if (!File.Exists(HbaPath) || await File.ReadAllTextAsync(HbaPath, cancellationToken) != HbaContent())
        {
            await WriteHbaAsync(cancellationToken);
        }
    }

    /// <summary>A server already running (another process's): upgraded over its still-trusted socket if needed, then reloaded.</summary>
    private async Task SecureRunningServerAsync(bool secretIsNew, CancellationToken cancellationToken)
    {
        var legacy = HbaIsLegacy();
        if (legacy || secretIsNew)
        {
            var trusted = new NpgsqlConnectionStringBuilder(Build("postgres")) { Password = null, Pooling = false }.ConnectionString;
            try
            {
                await using var conn = new NpgsqlConnection(trusted);
                await conn.OpenAsync(cancellationToken);
                // A verifier, not the password, goes over the wire and into the catalogue.
                await using var alter = new NpgsqlCommand($"ALTER ROLE {QuoteIdentifier(_options.User)} PASSWORD '{ScramVerifier(Password)}'", conn);
                await alter.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (NpgsqlException e)
            {
                throw new EmbeddedPostgresException(
                    $"The PostgreSQL running on {ClusterDirectory} refuses the platform's password and cannot be upgraded while it runs " +
                    $"({e.GetType().Name}). Stop it and start the platform again.");
            }
        }
        if (legacy || await File.ReadAllTextAsync(HbaPath, cancellationToken) != HbaContent())
        {
            await WriteHbaAsync(cancellationToken);
            await RunAsync(Path.Combine(_binDir!, "pg_ctl"), ["-D", ClusterDirectory, "reload"], asServerUser: true, cancellationToken);
        }
    }

    /// <summary>The SCRAM-SHA-256 verifier PostgreSQL stores for a password (RFC 5802, RFC 7677).</summary>
    internal static string ScramVerifier(string password, byte[]? salt = null, int iterations = 4096)
    {
        salt ??= RandomNumberGenerator.GetBytes(16);
        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);
        var clientKey = HMACSHA256.HashData(salted, "Client Key"u8);
        var storedKey = SHA256.HashData(clientKey);
        var serverKey = HMACSHA256.HashData(salted, "Server Key"u8);
        return $"SCRAM-SHA-256${iterations}:{Convert.ToBase64String(salt)}${Convert.ToBase64String(storedKey)}:{Convert.ToBase64String(serverKey)}";
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GeneratedRegex(@"^\s*[^#\s].*\btrust\s*$")]
    private static partial Regex TrustRule();
}
