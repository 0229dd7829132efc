using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using P4Orleans.Api.Cli;
using P4Orleans.Api.Security;
using P4Orleans.Api.Users;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.Certificates;

// Registering a system's certificate: by a registrar through the API, or by the machine's command line; audited.
public sealed partial class ClientCertificateTests
{
    [Fact]
    public async Task a_registrar_registers_a_certificate_for_an_onss_system_user_which_then_signs_in_and_the_change_is_audited()
    {
        var system = await gateway.Api.UserAsync(Roles.OnssAgent);
        using var registrar = gateway.BearerClient(await gateway.Api.UserAsync(Roles.UserRegistrar));
        var certificate = gateway.Ca.Client($"CN={Unique("onss-registered")}, O=ONSS");
        using (var before = gateway.Client(certificate))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await before.GetAsync("/onss/dossiers", Ct)).StatusCode);
        }

        var response = await registrar.PostAsJsonAsync($"/admin/users/{system.Id}/certificates",
            new { certificate = certificate.ExportCertificatePem(), match = "Thumbprint" }, Ct);

        await ExpectAsync(response, HttpStatusCode.Created);
        var added = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(UserRegistry.ThumbprintOf(certificate), added.GetProperty("thumbprint").GetString());
        using var after = gateway.Client(certificate);
        await ExpectAsync(await after.GetAsync("/onss/dossiers", Ct), HttpStatusCode.OK);
        Assert.Equal(1L, await CountAsync("SELECT count(*) FROM audit_log WHERE action = 'users.certificate-added' AND resource = $1", $"user/{system.Id}"));
        Assert.Equal(1L, await CountAsync("SELECT count(*) FROM audit_log WHERE action = 'users.add-certificate' AND resource = $1 AND outcome = 'ok:201'",
            $"user/{system.Id}"));
    }

    public static TheoryData<string, HttpStatusCode> RegistrationRefusals => new()
    {
        { "person-of-the-concessionaire", HttpStatusCode.BadRequest },
        { "bailiff", HttpStatusCode.BadRequest },
        { "revoked-user", HttpStatusCode.Conflict },
        { "already-registered", HttpStatusCode.Conflict },
        { "same-subject-and-issuer", HttpStatusCode.Conflict },
        { "not-a-certificate", HttpStatusCode.BadRequest },
        { "empty", HttpStatusCode.BadRequest },
        { "too-long", HttpStatusCode.BadRequest },
        { "expired", HttpStatusCode.BadRequest },
        { "unknown-match", HttpStatusCode.BadRequest },
        { "unknown-user", HttpStatusCode.NotFound },
    };

    [Theory]
    [MemberData(nameof(RegistrationRefusals))]
    public async Task a_registration_that_breaks_a_rule_is_a_problem_and_writes_nothing(string rule, HttpStatusCode expected)
    {
        using var registrar = gateway.BearerClient(await gateway.Api.UserAsync(Roles.UserRegistrar));
        var subject = $"CN={Unique("onss-rule")}, O=ONSS";
        var certificate = gateway.Ca.Client(subject);
        var target = rule switch
        {
            "person-of-the-concessionaire" => await gateway.Api.UserAsync(Roles.Operator),
            "bailiff" => await gateway.Api.UserAsync(Roles.Bailiff),
            _ => await gateway.Api.UserAsync(Roles.OnssAgent),
        };
        var id = rule == "unknown-user" ? Guid.NewGuid() : target.Id;
        switch (rule)
        {
            case "revoked-user":
                await gateway.Registry.SetStatusAsync(target.Id, UserStatus.Revoked, Ct);
                break;
            case "already-registered":
                await gateway.Registry.AddCertificateAsync(target.Id, certificate, CertificateMatch.Thumbprint, RegistryActor.Machine, Ct);
                break;
            case "same-subject-and-issuer":
                var other = await gateway.Api.UserAsync(Roles.OnssAgent);
                await gateway.Registry.AddCertificateAsync(other.Id, gateway.Ca.Client(subject), CertificateMatch.SubjectAndIssuer, RegistryActor.Machine, Ct);
                break;
        }
        var now = DateTimeOffset.UtcNow;
        object body = rule switch
        {
            "not-a-certificate" => new { certificate = "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----" },
            "empty" => new { certificate = "" },
            "too-long" => new { certificate = new string('A', 20_000) },
            "expired" => new { certificate = gateway.Ca.Client(subject, now.AddDays(-30), now.AddDays(-1)).ExportCertificatePem() },
            "unknown-match" => new { certificate = certificate.ExportCertificatePem(), match = "Fingerprint" },
            "same-subject-and-issuer" => new { certificate = certificate.ExportCertificatePem(), match = "SubjectAndIssuer" },
            _ => new { certificate = Convert.ToBase64String(certificate.RawData) },
        };
        var before = await CountAsync("SELECT count(*) FROM user_certificates");

        var response = await registrar.PostAsJsonAsync($"/admin/users/{id}/certificates", body, Ct);

        Assert.Equal(expected, response.StatusCode);
        if (expected != HttpStatusCode.NotFound)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(before, await CountAsync("SELECT count(*) FROM user_certificates"));
    }

    [Theory]
    [InlineData(Roles.OnssAgent)]
    [InlineData(Roles.Operator)]
    [InlineData(Roles.ChamberFeed)]
    public async Task only_a_registrar_or_the_security_coordinator_registers_certificates(string role)
    {
        var caller = await gateway.Api.UserAsync(role);
        using var client = gateway.BearerClient(caller);
        var target = await gateway.Api.UserAsync(Roles.OnssAgent);

        var response = await client.PostAsJsonAsync($"/admin/users/{target.Id}/certificates",
            new { certificate = gateway.Ca.Client($"CN={Unique("onss-denied")}, O=ONSS").ExportCertificatePem() }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("pem", "Thumbprint")]
    [InlineData("der", "SubjectAndIssuer")]
    public async Task users_add_certificate_registers_a_certificate_file_and_prints_its_thumbprint(string format, string match)
    {
        var system = await gateway.Api.UserAsync(Roles.ChamberFeed);
        var certificate = gateway.Ca.Client($"CN={Unique("chamber-cli")}, O=Chamber");
        var file = Path.Combine(Path.GetTempPath(), $"p4o-cert-{Guid.NewGuid():N}.{format}");
        if (format == "pem")
        {
            await File.WriteAllTextAsync(file, certificate.ExportCertificatePem(), Ct);
        }
        else
        {
            await File.WriteAllBytesAsync(file, certificate.RawData, Ct);
        }
        try
        {
            var (code, output, error) = await CliAsync("users", "add-certificate", "--user", system.Id.ToString(), "--file", file, "--match", match);

            Assert.Equal("", error);
            Assert.Equal(0, code);
            Assert.Equal([system.Id.ToString(), match, UserRegistry.ThumbprintOf(certificate)], output.Split('\t')[1..4]);
            using var client = gateway.Client(certificate);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/me", Ct)).StatusCode);
            Assert.Equal(1L, await CountAsync("SELECT count(*) FROM audit_log WHERE action = 'users.certificate-added' AND resource = $1 AND user_id IS NULL",
                $"user/{system.Id}"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData(1, "--file", "/nonexistent/cert.pem")]
    [InlineData(2, "--match", "Thumbprint")]
    [InlineData(2, "--match", "Fingerprint")]
    public async Task users_add_certificate_without_a_readable_file_is_an_error_on_standard_error(int exitCode, string option, string value)
    {
        var system = await gateway.Api.UserAsync(Roles.OnssAgent);

        var (code, output, error) = await CliAsync("users", "add-certificate", "--user", system.Id.ToString(), option, value);

        // A file that cannot be read is a failure (1); a missing --file or a bad choice is a usage error (2).
        Assert.Equal(exitCode, code);
        Assert.Equal("", output);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
    }

    private async Task<(int Code, string Output, string Error)> CliAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var keys = Path.Combine(Path.GetTempPath(), $"p4o-cli-{Guid.NewGuid():N}.keys.json");
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = gateway.Api.ConnectionString,
            ["Keys:File"] = keys,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        try
        {
            var code = await PlatformCli.RunAsync(args, new CliIo(output, error, settings, "Testing"));
            return (code, output.ToString(), error.ToString());
        }
        finally
        {
            // The command line's key ring for this call (test keys, still not to be left behind).
            File.Delete(keys);
        }
    }

    private async Task<long> CountAsync(string sql, params object[] parameters)
    {
        await using var db = NpgsqlDataSource.Create(gateway.Api.ConnectionString);
        await using var cmd = db.CreateCommand(sql);
        foreach (var p in parameters)
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = p });
        }
        return (long)(await cmd.ExecuteScalarAsync(Ct))!;
    }
}
