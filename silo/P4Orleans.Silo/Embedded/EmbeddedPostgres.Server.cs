using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace P4Orleans.Silo.Embedded;

public sealed partial class EmbeddedPostgres
{
    private async Task InitialiseAsync(CancellationToken cancellationToken)
    {
        _logger.LogInformation("Initialising a private PostgreSQL cluster in {Directory}", ClusterDirectory);
        // The superuser gets the generated password at once (read from the secret file): never a trusted moment.
        var init = await RunAsync(Path.Combine(_binDir!, "initdb"),
            ["-D", ClusterDirectory, "-U", _options.User, "--pwfile", SecretFile, "--auth=scram-sha-256",
             "--encoding=UTF8", "--no-locale", "--no-sync"],
            asServerUser: true, cancellationToken);
        if (init.ExitCode != 0)
        {
            throw new EmbeddedPostgresException($"initdb failed in {ClusterDirectory}: {init.Output}");
        }
        await File.AppendAllTextAsync(Path.Combine(ClusterDirectory, "postgresql.conf"),
            "\ninclude_if_exists = 'p4orleans.conf'\n", cancellationToken);
    }

    /// <summary>
    /// Runs the postmaster as a child of this process (through runuser when root), so that this process reaps
    /// it when it dies (no zombie holds its lock file) and the supervisor can start it again.
    /// </summary>
    private async Task StartServerAsync(CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string[] command =
        [
            "/bin/sh", "-c", "umask 077; exec \"$0\" -D \"$1\" </dev/null >>\"$2\" 2>&1",
            Path.Combine(_binDir!, "postgres"), ClusterDirectory, LogFile,
        ];
        if (_runAs is not null)
        {
            psi.FileName = "/usr/sbin/runuser";
            foreach (var a in new[] { "-u", _runAs, "--" }.Concat(command))
            {
                psi.ArgumentList.Add(a);
            }
        }
        else
        {
            psi.FileName = command[0];
            foreach (var a in command.Skip(1))
            {
                psi.ArgumentList.Add(a);
            }
        }
        psi.Environment["LC_ALL"] = "C.UTF-8";
        var process = Process.Start(psi) ?? throw new EmbeddedPostgresException("Could not start PostgreSQL.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _postmaster = process;
        // Ours from now on: a start cancelled while it waits (host shutting down) still stops it.
        _ownsServer = true;

        // Ready when the lock file says so (what pg_ctl -w waits for), bounded by the start timeout.
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (!IsReady())
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                ReapPostmaster();
                throw new EmbeddedPostgresException($"PostgreSQL did not start in {ClusterDirectory}; see {LogFile}.");
            }
            await Task.Delay(50, cancellationToken);
        }
    }

    private bool IsReady()
    {
        try
        {
            var lines = File.ReadAllLines(Path.Combine(ClusterDirectory, "postmaster.pid"));
            return lines.Length >= 8 && lines[7].Trim() == "ready" && IsPostmasterAlive();
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Collects the exited postmaster's wrapper, if any (it is our child process).</summary>
    private void ReapPostmaster()
    {
        var process = _postmaster;
        _postmaster = null;
        if (process is null)
        {
            return;
        }
        if (!process.HasExited)
        {
            // Stopped by pg_ctl: the wrapper exits right after the postmaster.
            process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        process.Dispose();
    }

    private async Task WriteSettingsAsync(CancellationToken cancellationToken)
    {
        var inv = CultureInfo.InvariantCulture;
        var conf = new StringBuilder()
            .AppendLine("# Written by P4Orleans at each start; edit EmbeddedPostgresOptions instead.")
            .AppendLine(inv, $"port = {_options.Port}")
            .AppendLine(inv, $"unix_socket_directories = '{SocketDirectory.Replace("'", "''", StringComparison.Ordinal)}'")
            .AppendLine("unix_socket_permissions = 0700")
            .AppendLine(inv, $"listen_addresses = '{_options.ListenAddress.Replace("'", "''", StringComparison.Ordinal)}'")
            .AppendLine("password_encryption = 'scram-sha-256'")
            .AppendLine(inv, $"max_connections = {_options.MaxConnections}")
            .AppendLine(inv, $"shared_buffers = {_options.SharedBuffers}")
            .AppendLine("max_wal_size = 4GB")
            .AppendLine("log_min_messages = warning")
            .AppendLine("log_statement = none")
            // No row contents in the server's log: DETAIL ("Failing row contains ...", "Key (...)=(...)") is left
            // out, failing statements and their parameters are never logged.
            .AppendLine("log_error_verbosity = terse")
            .AppendLine("log_min_error_statement = panic")
            .AppendLine("log_parameter_max_length = 0")
            .AppendLine("log_parameter_max_length_on_error = 0");
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

    private async Task<(int ExitCode, string Output)> RunAsync(
        string file, string[] args, bool asServerUser, CancellationToken cancellationToken, string? input = null)
    {
        var psi = new ProcessStartInfo
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
        };
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
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input.AsMemory(), cancellationToken);
            process.StandardInput.Close();
        }
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
