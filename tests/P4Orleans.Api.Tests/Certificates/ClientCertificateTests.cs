using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Npgsql;
using P4Orleans.Api.Security;
using P4Orleans.Api.Users;
using P4Orleans.Contracts;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.Certificates;

/// <summary>
/// Mutual TLS over a real HTTPS port: the systems of ONSS and the Chamber present client certificates of the trusted CA,
/// mapped to their registered users; every other certificate is a 401 problem naming why, with an audit entry.
/// </summary>
public sealed partial class ClientCertificateTests(TlsGateway gateway) : IClassFixture<TlsGateway>
{
    private static int _sequence;

    private static string Unique(string prefix) => $"{prefix}-{Interlocked.Increment(ref _sequence)}-{Guid.NewGuid():N}"[..40];

    [Fact]
    public async Task an_onss_system_with_a_registered_certificate_of_the_trusted_ca_submits_a_title_over_tls()
    {
        var certificate = gateway.Ca.Client($"CN={Unique("onss-batch")}, O=ONSS");
        await gateway.SystemUserAsync(Roles.OnssAgent, certificate);
        using var client = gateway.Client(certificate);

        var response = await client.PostAsJsonAsync("/onss/dossiers", Contrainte(Unique("ONSS-MTLS")), Json, Ct);

        await ExpectAsync(response, HttpStatusCode.Created);
    }

    [Fact]
    public async Task the_certificate_principal_carries_the_same_user_roles_and_organisation_as_a_bearer_token()
    {
        var certificate = gateway.Ca.Client($"CN={Unique("chamber-feed")}, O=Chamber");
        var user = await gateway.SystemUserAsync(Roles.ChamberFeed, certificate);
        using var byCertificate = gateway.Client(certificate);
        using var byToken = gateway.BearerClient(user);

        var viaCertificate = await byCertificate.GetFromJsonAsync<JsonElement>("/me", Ct);
        var viaToken = await byToken.GetFromJsonAsync<JsonElement>("/me", Ct);

        Assert.Equal(user.Id.ToString(), viaCertificate.GetProperty("id").GetString());
        Assert.Equal(viaToken.GetRawText(), viaCertificate.GetRawText());
        Assert.Equal("ChamberFeed", viaCertificate.GetProperty("roles")[0].GetString());
    }

    [Fact]
    public async Task a_chamber_system_certificate_cannot_call_onss_endpoints_but_reaches_the_chamber_ones()
    {
        var certificate = gateway.Ca.Client($"CN={Unique("chamber-roster")}, O=Chamber");
        await gateway.SystemUserAsync(Roles.ChamberFeed, certificate);
        using var client = gateway.Client(certificate);

        var onss = await client.PostAsJsonAsync("/onss/dossiers", Contrainte(Unique("ONSS-CHAMBER")), Json, Ct);
        var list = await client.GetAsync("/onss/dossiers", Ct);
        var chamber = await client.PutAsJsonAsync($"/chamber/offices/{Unique("office")[..20]}",
            new BailiffRegistration("Étude mTLS", "CH-MTLS", Liege, 10), Json, Ct);

        await ExpectAsync(onss, HttpStatusCode.Forbidden);
        await ExpectAsync(list, HttpStatusCode.Forbidden);
        await ExpectAsync(chamber, HttpStatusCode.OK);
    }

    public static TheoryData<string> BadDates => ["expired", "not-yet-valid"];

    [Theory]
    [MemberData(nameof(BadDates))]
    public async Task a_certificate_out_of_its_dates_is_refused_even_when_its_subject_and_issuer_are_registered(string dates)
    {
        var subject = $"CN={Unique("onss-dates")}, O=ONSS";
        await gateway.SystemUserAsync(Roles.OnssAgent, gateway.Ca.Client(subject), CertificateMatch.SubjectAndIssuer);
        var now = DateTimeOffset.UtcNow;
        var presented = dates == "expired"
            ? gateway.Ca.Client(subject, now.AddDays(-30), now.AddDays(-1))
            : gateway.Ca.Client(subject, now.AddDays(1), now.AddDays(30));

        await ExpectRefusedAsync(presented, dates == "expired" ? "certificate-expired" : "certificate-not-yet-valid");
    }

    [Fact]
    public async Task a_certificate_of_another_ca_is_refused_even_when_registered()
    {
        var foreign = gateway.OtherCa.Client($"CN={Unique("onss-foreign")}, O=ONSS");
        await gateway.SystemUserAsync(Roles.OnssAgent, foreign);

        await ExpectRefusedAsync(foreign, "certificate-untrusted-issuer");
    }

    [Fact]
    public async Task a_self_signed_certificate_is_refused()
    {
        using var selfSigned = new TestCa(Unique("self-signed"));

        await ExpectRefusedAsync(selfSigned.Root, "certificate-untrusted-issuer");
    }

    [Fact]
    public async Task a_certificate_the_ca_revoked_is_refused()
    {
        await gateway.SystemUserAsync(Roles.OnssAgent, gateway.Revoked);

        await ExpectRefusedAsync(gateway.Revoked, "certificate-revoked");
    }

    [Fact]
    public async Task an_unregistered_certificate_of_the_trusted_ca_is_refused()
    {
        await ExpectRefusedAsync(gateway.Ca.Client($"CN={Unique("onss-unknown")}, O=ONSS"), "certificate-unregistered");
    }

    [Theory]
    [InlineData(UserStatus.Suspended, "user-suspended")]
    [InlineData(UserStatus.Revoked, "user-revoked")]
    public async Task the_certificate_of_a_suspended_or_revoked_user_is_refused(UserStatus status, string reason)
    {
        var certificate = gateway.Ca.Client($"CN={Unique("onss-status")}, O=ONSS");
        var user = await gateway.SystemUserAsync(Roles.OnssAgent, certificate);
        using (var client = gateway.Client(certificate))
        {
            await ExpectAsync(await client.GetAsync("/onss/dossiers", Ct), HttpStatusCode.OK);
        }

        await gateway.Registry.SetStatusAsync(user.Id, status, Ct);

        await ExpectRefusedAsync(certificate, reason, user.Id);
    }

    [Fact]
    public async Task a_renewed_certificate_with_the_registered_subject_and_issuer_is_accepted_but_not_one_registered_by_thumbprint()
    {
        var bySubject = $"CN={Unique("onss-renew")}, O=ONSS";
        var byThumbprint = $"CN={Unique("onss-pinned")}, O=ONSS";
        await gateway.SystemUserAsync(Roles.OnssAgent, gateway.Ca.Client(bySubject), CertificateMatch.SubjectAndIssuer);
        await gateway.SystemUserAsync(Roles.OnssAgent, gateway.Ca.Client(byThumbprint), CertificateMatch.Thumbprint);
        using var renewed = gateway.Client(gateway.Ca.Client(bySubject));

        await ExpectAsync(await renewed.GetAsync("/onss/dossiers", Ct), HttpStatusCode.OK);
        await ExpectRefusedAsync(gateway.Ca.Client(byThumbprint), "certificate-unregistered");
    }

    [Fact]
    public async Task a_person_without_a_certificate_reaches_the_api_over_tls_with_a_bearer_token_and_no_one_without_either()
    {
        var agent = await gateway.Api.UserAsync(Roles.OnssAgent);
        using var person = gateway.BearerClient(agent);
        using var anonymous = gateway.Client(null);

        await ExpectAsync(await person.GetAsync("/me", Ct), HttpStatusCode.OK);
        await ExpectAsync(await anonymous.GetAsync("/me", Ct), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task https_responses_carry_hsts_outside_development()
    {
        using var client = gateway.Client(null);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        // Browsers ignore HSTS from loopback, and so does the middleware: ask under a real host name.
        request.Headers.Host = "p4orleans.example";

        var response = await client.SendAsync(request, Ct);

        Assert.Contains("max-age=31536000", string.Join(';', response.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);
    }

    /// <summary>The certificate gets a 401 problem naming the reason, and the refusal is in the audit log with its thumbprint.</summary>
    private async Task ExpectRefusedAsync(X509Certificate2 certificate, string reason, Guid? userId = null)
    {
        using var client = gateway.Client(certificate);
        var response = await client.GetAsync("/onss/dossiers", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(reason, problem.GetProperty("reason").GetString());
        Assert.Equal(401, problem.GetProperty("status").GetInt32());

        await using var db = NpgsqlDataSource.Create(gateway.Api.ConnectionString);
        await using var cmd = db.CreateCommand(
            "SELECT user_id, outcome FROM audit_log WHERE action = $1 AND resource = $2 AND request_id = $3");
        cmd.Parameters.Add(new NpgsqlParameter { Value = CertificateRefusal.AuditAction });
        cmd.Parameters.Add(new NpgsqlParameter { Value = $"certificate/{UserRegistry.ThumbprintOf(certificate)}" });
        cmd.Parameters.Add(new NpgsqlParameter { Value = problem.GetProperty("requestId").GetString() });
        await using var reader = await cmd.ExecuteReaderAsync(Ct);
        Assert.True(await reader.ReadAsync(Ct), "no audit entry of the refusal");
        Assert.Equal(userId, reader.IsDBNull(0) ? null : reader.GetGuid(0));
        Assert.Equal($"refused:{reason}:401", reader.GetString(1));
    }
}
