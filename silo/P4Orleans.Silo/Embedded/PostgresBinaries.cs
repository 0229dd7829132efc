using System.Diagnostics;
using System.Globalization;

namespace P4Orleans.Silo.Embedded;

/// <summary>
/// Finds the machine's PostgreSQL server binaries (initdb, pg_ctl, postgres). When they are missing
/// and the process may install packages (root with apt-get, auto-install allowed), installs Debian's
/// <c>postgresql</c> package; otherwise fails with one message saying what to install.
/// </summary>
public static class PostgresBinaries
{
    /// <summary>The name of the package to install.</summary>
    public const string PackageHint =
        "PostgreSQL server binaries (initdb, pg_ctl, postgres) were not found. Install them, for example " +
        "'sudo apt-get install -y postgresql' on Debian or Ubuntu, or set ConnectionStrings:Postgres " +
        "(environment variable ConnectionStrings__Postgres) to use an existing server.";

    /// <summary>The folder holding initdb and pg_ctl.</summary>
    public static async Task<string> LocateAsync(bool allowInstall, CancellationToken cancellationToken = default)
    {
        var found = Find();
        if (found is not null)
        {
            return found;
        }
        if (allowInstall && CanInstall())
        {
            await InstallWithAptAsync(cancellationToken);
            found = Find();
            if (found is not null)
            {
                return found;
            }
        }
        throw new EmbeddedPostgresException(PackageHint);
    }

    private static string? Find()
    {
        var explicitDir = Environment.GetEnvironmentVariable("P4_PG_BIN");
        if (!string.IsNullOrEmpty(explicitDir) && Has(explicitDir))
        {
            return explicitDir;
        }
        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var best = Directory.GetDirectories(debianRoot)
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0))
                .Where(x => Has(x.Dir))
                .OrderByDescending(x => x.Version)
                .FirstOrDefault();
            if (best.Dir is not null)
            {
                return best.Dir;
            }
        }
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            if (Has(dir))
            {
                return dir;
            }
        }
        return null;
    }

    private static bool Has(string dir) =>
        File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")) && File.Exists(Path.Combine(dir, "postgres"));

    private static bool CanInstall() => Environment.UserName == "root" && File.Exists("/usr/bin/apt-get");

    private static async Task InstallWithAptAsync(CancellationToken cancellationToken)
    {
        // Several test assemblies may start at once: one installs, the others wait for it.
        await using var gate = await AcquireFileLockAsync(Path.Combine(Path.GetTempPath(), "p4orleans-apt.lock"), cancellationToken);
        if (Find() is not null)
        {
            return;
        }
        Console.Error.WriteLine("PostgreSQL binaries not found: installing Debian's 'postgresql' package with apt-get.");
        await RunAsync("/usr/bin/apt-get", "update", cancellationToken);
        var code = await RunAsync("/usr/bin/apt-get", "install -y --no-install-recommends postgresql", cancellationToken);
        if (code != 0)
        {
            throw new EmbeddedPostgresException($"'apt-get install -y postgresql' failed (exit code {code}). " + PackageHint);
        }
    }

    private static async Task<int> RunAsync(string file, string args, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(file, args) { UseShellExecute = false };
        psi.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(psi) ?? throw new EmbeddedPostgresException($"Could not start {file}.");
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode;
    }

    /// <summary>An exclusive lock on a file, waited for with a bound (ten minutes).</summary>
    internal static async Task<FileStream> AcquireFileLockAsync(string path, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, cancellationToken);
            }
        }
    }
}

/// <summary>The embedded PostgreSQL could not be found, installed, initialised or started.</summary>
public sealed class EmbeddedPostgresException(string message) : Exception(message);
