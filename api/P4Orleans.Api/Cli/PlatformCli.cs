using P4Orleans.Api.Audit;
using P4Orleans.Api.Hosting;
using P4Orleans.Api.Security;
using P4Orleans.Api.Users;
using P4Orleans.Law;
using P4Orleans.Silo.Database;
using P4Orleans.Silo.Hosting;
using P4Orleans.Silo.Security;

namespace P4Orleans.Api.Cli;

/// <summary>
/// The gateway's command line: <c>law ...</c> asks the law engine; the others work on the configured
/// database (the embedded one when no connection string is set) without starting the gateway.
/// </summary>
public static class PlatformCli
{
    private static readonly HashSet<string> Commands = ["law", "users", "token", "audit", "migrate", "keys", "help"];

    public static bool Handles(string[] args) => args.Length > 0 && Commands.Contains(args[0]);

    /// <summary>Runs a command on the process's standard output and error.</summary>
    public static Task<int> RunAsync(string[] args) => RunAsync(args, new CliIo(Console.Out, Console.Error));

    /// <summary>
    /// Runs a command: its answer (and nothing else) on <see cref="CliIo.Output"/>, so that <c>TOKEN=$(... token --user id)</c>
    /// holds the token alone; errors and logs on <see cref="CliIo.Error"/>.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, CliIo io)
    {
        var stdout = io.Output;
        if (args[0] == "law")
        {
            return LawCli.Run(args[1..], stdout, io.Error);
        }
        if (args[0] == "help")
        {
            await stdout.WriteLineAsync(Usage);
            return 0;
        }
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [], ContentRootPath = AppContext.BaseDirectory, EnvironmentName = io.EnvironmentName,
        });
        builder.Configuration.AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true);
        builder.Configuration.AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), $"appsettings.{builder.Environment.EnvironmentName}.json"), optional: true);
        builder.Configuration.AddEnvironmentVariables();
        if (io.Settings is { } settings)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        // Standard output carries the command's answer only: logs go to standard error, warnings and worse.
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.AddFilter((_, level) => level >= LogLevel.Warning);
        builder.Services.AddP4Database(builder.Configuration);
        builder.Services.AddPlatformServices(builder.Configuration);
        var auth = builder.Configuration.GetSection("Auth").Get<AuthOptions>() ?? new AuthOptions();
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            return await RunCommandAsync(args, host.Services, auth, builder.Environment, stdout, io.Error);
        }
        catch (Exception e) when (e is Problems.ValidationFailedException or Problems.ConflictException or FormatException or ArgumentException)
        {
            await io.Error.WriteLineAsync("error: " + e.Message);
            return 1;
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static async Task<int> RunCommandAsync(string[] args, IServiceProvider services, AuthOptions auth, IHostEnvironment environment,
        TextWriter stdout, TextWriter stderr)
    {
        var o = Options(args);
        var registry = services.GetRequiredService<UserRegistry>();
        switch (args)
        {
            case ["migrate", ..]:
                var report = await services.GetRequiredService<Migrator>().MigrateAsync();
                await stdout.WriteLineAsync($"{report.Applied.Count} applied, {report.AlreadyApplied} already applied");
                return 0;
            case ["users", "add", ..]:
                var user = await registry.AddAsync(new NewUser(
                    Required(o, "nrn"), Required(o, "name"), Enum.Parse<OrganisationKind>(Required(o, "org-kind"), ignoreCase: true),
                    Required(o, "org"), Required(o, "roles").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)), default);
                await stdout.WriteLineAsync($"{user.Id}\t{user.Name}\t{user.OrganisationKind}/{user.OrganisationId}\t{string.Join(',', user.Roles)}");
                return 0;
            case ["users", "list", ..]:
                foreach (var u in await registry.ListAsync(null, null, default))
                {
                    await stdout.WriteLineAsync($"{u.Id}\t{u.Status}\t{u.Name}\t{u.OrganisationKind}/{u.OrganisationId}\t{string.Join(',', u.Roles)}");
                }
                return 0;
            case ["users", "status", var id, var status, ..]:
                var changed = await registry.SetStatusAsync(Guid.Parse(id), Enum.Parse<UserStatus>(status, ignoreCase: true), default);
                await (changed is null ? stderr.WriteLineAsync("error: no such user") : stdout.WriteLineAsync($"{changed.Id}\t{changed.Status}"));
                return changed is null ? 1 : 0;
            case ["users", "roles", var id, var roles, ..]:
                // The machine grants any role that fits the organisation: how the first security coordinator is designated.
                var regranted = await registry.SetRolesAsync(Guid.Parse(id), roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), default);
                await (regranted is null ? stderr.WriteLineAsync("error: no such user") : stdout.WriteLineAsync($"{regranted.Id}\t{string.Join(',', regranted.Roles)}"));
                return regranted is null ? 1 : 0;
            case ["users", "add-certificate", ..]:
                // The machine registers a system's certificate (PEM or DER file) for a user of ONSS or the Chamber; audited.
                var file = Required(o, "file");
                var certificate = File.Exists(file)
                    ? UserRegistry.ParseCertificate(CertificateFileText(file))
                    : throw new ArgumentException($"--file: no such file: {file}");
                var match = o.TryGetValue("match", out var m) ? Enum.Parse<CertificateMatch>(m, ignoreCase: true) : CertificateMatch.Thumbprint;
                var added = await registry.AddCertificateAsync(Guid.Parse(Required(o, "user")), certificate, match, RegistryActor.Machine, default);
                await (added is null ? stderr.WriteLineAsync("error: no such user")
                    : stdout.WriteLineAsync($"{added.Id}\t{added.UserId}\t{added.Match}\t{added.Thumbprint}\t{added.NotAfter:O}"));
                return added is null ? 1 : 0;
            case ["token", ..]:
                if (!auth.DevelopmentIssuer.Enabled || environment.IsProduction())
                {
                    await stderr.WriteLineAsync("error: the development issuer is not enabled (Auth:DevelopmentIssuer:Enabled, never in Production).");
                    return 1;
                }
                var target = await registry.FindAsync(Guid.Parse(Required(o, "user")), default);
                if (target is not { Status: UserStatus.Active })
                {
                    await stderr.WriteLineAsync("error: no active registered user has this id.");
                    return 1;
                }
                await stdout.WriteLineAsync(new DevelopmentIssuer(auth, TimeProvider.System).IssueFor(target.Id));
                return 0;
            case ["audit", "verify", ..]:
                var verdict = await services.GetRequiredService<AuditVerifier>().VerifyAsync(default);
                await stdout.WriteLineAsync(verdict.Intact
                    ? $"intact: {verdict.EntriesChecked} entries checked"
                    : $"BROKEN at entry {verdict.FirstBrokenSeq}: {verdict.Problem} ({verdict.EntriesChecked} entries intact before it)");
                return verdict.Intact ? 0 : 3;
            case ["keys", "rotate", ..]:
                var newKey = services.GetRequiredService<KeyRing>().Rotate();
                await stdout.WriteLineAsync($"master key {newKey} now wraps new data; older keys still unwrap existing data");
                return 0;
            default:
                await stderr.WriteLineAsync(Usage);
                return 2;
        }
    }

    private const string Usage = """
        usage: P4Orleans.Api <command>
          law <deadline|tariff|check-id|arrondissement|seizable|help> ...   ask the law engine (--json for JSON)
          migrate                                                        apply the database migrations
          users add --nrn <number> --name <name> --org-kind <Onss|Concessionaire|BailiffOffice|Chamber> --org <id> --roles <A,B>
          users list
          users status <user id> <Active|Suspended|Revoked>
          users roles <user id> <A,B>                                    replace a user's roles (the machine grants any role fitting the organisation)
          users add-certificate --user <user id> --file <certificate .pem|.cer> [--match Thumbprint|SubjectAndIssuer]
                                                                         map a system's client certificate to a user of ONSS or the Chamber
          token --user <user id>                                         a development token (development issuer only)
          audit verify                                                   check the audit log's hash chain
          keys rotate                                                    add a master key; older keys keep unwrapping
        without a command the gateway starts.
        """;

    private static Dictionary<string, string> Options(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                options[args[i][2..]] = args[i + 1];
            }
        }
        return options;
    }

    /// <summary>A certificate file as the registry reads it: PEM text as is, DER bytes as base64.</summary>
    private static string CertificateFileText(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var text = System.Text.Encoding.ASCII.GetString(bytes);
        return text.Contains("-----BEGIN", StringComparison.Ordinal) ? text : Convert.ToBase64String(bytes);
    }

    private static string Required(Dictionary<string, string> options, string name) =>
        options.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required.");
}

/// <summary>Where a command writes, and (for tests) settings and environment that override the machine's.</summary>
/// <param name="Output">The command's answer only.</param>
/// <param name="Error">Errors and logs.</param>
/// <param name="Settings">Configuration applied last.</param>
/// <param name="EnvironmentName">The host environment; null for DOTNET_ENVIRONMENT's.</param>
public sealed record CliIo(TextWriter Output, TextWriter Error, IReadOnlyDictionary<string, string?>? Settings = null, string? EnvironmentName = null);
