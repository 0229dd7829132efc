using System.CommandLine;
using P4Orleans.Api.Audit;
using P4Orleans.Api.Security;
using P4Orleans.Api.Users;
using P4Orleans.Law;
using P4Orleans.Silo.Database;
using P4Orleans.Silo.Security;

namespace P4Orleans.Api.Cli;

/// <summary>The commands on the platform's services.</summary>
public static partial class PlatformCli
{
    private static Command Migrate(CliIo io) => OnHost(new Command("migrate", "Apply the database migrations."), io, async (_, c) =>
    {
        var report = await c.Services.GetRequiredService<Migrator>().MigrateAsync();
        await c.Output.WriteLineAsync($"{report.Applied.Count} applied, {report.AlreadyApplied} already applied");
        return 0;
    });

    private static Command Users(CliIo io)
    {
        var users = new Command("users", "The users registry (the machine acts as the registrar).");

        var nrn = new Option<string>("--nrn") { Description = "The national register number", Required = true };
        var name = new Option<string>("--name") { Description = "The user's name", Required = true };
        var kind = CliOptions.Choice("--org-kind", "The organisation's kind", Choices<OrganisationKind>());
        var org = new Option<string>("--org") { Description = "The organisation's id", Required = true };
        var roles = new Option<string>("--roles") { Description = "Roles, comma-separated (A,B)", Required = true };
        users.Subcommands.Add(OnHost(new Command("add", "Register a user.") { nrn, name, kind, org, roles }, io, async (p, c) =>
        {
            var user = await c.Services.GetRequiredService<UserRegistry>().AddAsync(
                new NewUser(p.GetValue(nrn)!, p.GetValue(name)!, p.GetValue(kind), p.GetValue(org)!, SplitRoles(p.GetValue(roles)!)), default);
            await c.Output.WriteLineAsync($"{user.Id}\t{user.Name}\t{user.OrganisationKind}/{user.OrganisationId}\t{string.Join(',', user.Roles)}");
            return 0;
        }));

        users.Subcommands.Add(OnHost(new Command("list", "List the registered users."), io, async (_, c) =>
        {
            foreach (var u in await c.Services.GetRequiredService<UserRegistry>().ListAsync(null, null, default))
            {
                await c.Output.WriteLineAsync($"{u.Id}\t{u.Status}\t{u.Name}\t{u.OrganisationKind}/{u.OrganisationId}\t{string.Join(',', u.Roles)}");
            }

            return 0;
        }));

        var statusId = UserId();
        var status = new Argument<UserStatus>("status") { Description = "Active, Suspended or Revoked" };
        users.Subcommands.Add(OnHost(new Command("status", "Set a user's status.") { statusId, status }, io, async (p, c) =>
        {
            var changed = await c.Services.GetRequiredService<UserRegistry>().SetStatusAsync(p.GetValue(statusId), p.GetValue(status), default);
            await (changed is null ? c.Error.WriteLineAsync("error: no such user") : c.Output.WriteLineAsync($"{changed.Id}\t{changed.Status}"));
            return changed is null ? 1 : 0;
        }));

        var rolesId = UserId();
        var newRoles = new Argument<string>("roles") { Description = "Roles, comma-separated (A,B)" };
        users.Subcommands.Add(OnHost(new Command("roles", "Replace a user's roles (the machine grants any role fitting the organisation).") { rolesId, newRoles }, io, async (p, c) =>
        {
            // The machine grants any role that fits the organisation: how the first security coordinator is designated.
            var regranted = await c.Services.GetRequiredService<UserRegistry>().SetRolesAsync(p.GetValue(rolesId), SplitRoles(p.GetValue(newRoles)!), default);
            await (regranted is null ? c.Error.WriteLineAsync("error: no such user") : c.Output.WriteLineAsync($"{regranted.Id}\t{string.Join(',', regranted.Roles)}"));
            return regranted is null ? 1 : 0;
        }));

        var certificateUser = new Option<Guid>("--user") { Description = "The registered user's id (of ONSS or the Chamber)", Required = true };
        var file = new Option<string>("--file") { Description = "The client certificate, PEM or DER (.pem, .cer)", Required = true };
        var match = CliOptions.Choice("--match", "How a request's certificate is recognised", Choices<CertificateMatch>(), nameof(CertificateMatch.Thumbprint));
        users.Subcommands.Add(OnHost(new Command("add-certificate", "Map a system's client certificate to a user of ONSS or the Chamber (audited).")
            { certificateUser, file, match }, io, async (p, c) =>
        {
            var path = p.GetValue(file)!;
            var certificate = File.Exists(path)
                ? UserRegistry.ParseCertificate(CertificateFileText(path))
                : throw new ArgumentException($"--file: no such file: {path}");
            var added = await c.Services.GetRequiredService<UserRegistry>().AddCertificateAsync(p.GetValue(certificateUser), certificate, p.GetValue(match), RegistryActor.Machine, default);
            await (added is null ? c.Error.WriteLineAsync("error: no such user")
                : c.Output.WriteLineAsync($"{added.Id}\t{added.UserId}\t{added.Match}\t{added.Thumbprint}\t{added.NotAfter:O}"));
            return added is null ? 1 : 0;
        }));
        return users;
    }

    /// <summary>A certificate file as the registry reads it: PEM text as is, DER bytes as base64.</summary>
    private static string CertificateFileText(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var text = System.Text.Encoding.ASCII.GetString(bytes);
        return text.Contains("-----BEGIN", StringComparison.Ordinal) ? text : Convert.ToBase64String(bytes);
    }

    private static Command Token(CliIo io)
    {
        var user = new Option<Guid>("--user") { Description = "The registered user's id", Required = true };
        return OnHost(new Command("token", "A development token (development issuer only).") { user }, io, async (p, c) =>
        {
            if (!c.Auth.DevelopmentIssuer.Enabled || c.Environment.IsProduction())
            {
                await c.Error.WriteLineAsync("error: the development issuer is not enabled (Auth:DevelopmentIssuer:Enabled, never in Production).");
                return 1;
            }

            var target = await c.Services.GetRequiredService<UserRegistry>().FindAsync(p.GetValue(user), default);
            if (target is not { Status: UserStatus.Active })
            {
                await c.Error.WriteLineAsync("error: no active registered user has this id.");
                return 1;
            }

            await c.Output.WriteLineAsync(new DevelopmentIssuer(c.Auth, TimeProvider.System).IssueFor(target.Id));
            return 0;
        });
    }

    private static Command Audit(CliIo io) => new("audit", "The audit log.")
    {
        OnHost(new Command("verify", "Check the audit log's hash chain (exit 3 when broken)."), io, async (_, c) =>
        {
            var verdict = await c.Services.GetRequiredService<AuditVerifier>().VerifyAsync(default);
            await c.Output.WriteLineAsync(verdict.Intact
                ? $"intact: {verdict.EntriesChecked} entries checked"
                : $"BROKEN at entry {verdict.FirstBrokenSeq}: {verdict.Problem} ({verdict.EntriesChecked} entries intact before it)");
            return verdict.Intact ? 0 : 3;
        }),
    };

    private static Command Keys(CliIo io) => new("keys", "The master keys.")
    {
        OnHost(new Command("rotate", "Add a master key; older keys keep unwrapping."), io, async (_, c) =>
        {
            var ring = c.Services.GetRequiredService<KeyRing>();
            if (!ring.IsFileBacked)
            {
                await c.Error.WriteLineAsync("error: the master keys come from configuration (Keys:Json): a rotation here would be lost. " +
                    "Add the new key to the secret store's key file and restart the nodes.");
                return 1;
            }
            var newKey = ring.Rotate();
            await c.Output.WriteLineAsync($"master key {newKey} now wraps new data; older keys still unwrap existing data");
            // The rotation is evidence for the yearly security report: it is recorded in the audit log (no user: the host's operator).
            var audit = c.Services.GetRequiredService<AuditLog>();
            try
            {
                await audit.AppendAsync(new AuditEntry(audit.Now(), null, "host", "keys.rotated", "master-key", null, "ok", null,
                    $"{{\"keyId\":{newKey.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}"));
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException)
            {
                await c.Error.WriteLineAsync($"error: master key {newKey} is in force, but its rotation could not be recorded in the audit log " +
                    "(the database did not answer): state it in the yearly report's coordinator section.");
                return 4;
            }
            return 0;
        }),
    };

    private static Argument<Guid> UserId() => new("user id") { Description = "The registered user's id" };

    private static string[] SplitRoles(string roles) => roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static Dictionary<string, T> Choices<T>()
        where T : struct, Enum => Enum.GetValues<T>().ToDictionary(v => v.ToString(), v => v, StringComparer.OrdinalIgnoreCase);
}
