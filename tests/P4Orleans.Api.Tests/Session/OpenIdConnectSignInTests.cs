using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Web;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using P4Orleans.Api.Security;
using P4Orleans.Api.Users;

namespace P4Orleans.Api.Tests.Session;

/// <summary>
/// An eID provider of the test's own, in process: its metadata given to the gateway, its token endpoint answering the
/// gateway's back channel with an id token it signs (no network). The national register number it asserts is the test's.
/// </summary>
public sealed class FakeEidProvider : HttpMessageHandler
{
    public const string Issuer = "https://eid.test";
    public const string ClientId = "p4-console";

    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "eid-test" };

    /// <summary>The number the next id token asserts, and the nonce it echoes (read from the sign-in redirect).</summary>
    public string NationalNumber { get; set; } = "";

    public string Nonce { get; set; } = "";

    public OpenIdConnectConfiguration Configuration()
    {
        var configuration = new OpenIdConnectConfiguration
        {
            Issuer = Issuer,
            AuthorizationEndpoint = Issuer + "/authorize",
            TokenEndpoint = Issuer + "/token",
        };
        configuration.SigningKeys.Add(_key);
        return configuration;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Assert.Equal(Issuer + "/token", request.RequestUri!.ToString());
        var now = DateTime.UtcNow;
        var idToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = ClientId,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            Subject = new ClaimsIdentity([new Claim("sub", "eid-subject-1"), new Claim("nonce", Nonce), new Claim("egovNRN", NationalNumber)]),
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        });
        var body = $"{{\"id_token\":\"{idToken}\",\"access_token\":\"opaque\",\"token_type\":\"Bearer\",\"expires_in\":300}}";
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
    }
}

/// <summary>The gateway (Testing, no development sign-in) with the eID sign-in configured against <see cref="FakeEidProvider"/>.</summary>
public sealed class EidGateway : IAsyncLifetime
{
    public EidGateway()
    {
        Api = BrowserRequests.Gateway("Testing", b =>
        {
            b.UseSetting("Authentication:OpenIdConnect:Authority", FakeEidProvider.Issuer);
            b.UseSetting("Authentication:OpenIdConnect:ClientId", FakeEidProvider.ClientId);
            b.UseSetting("Authentication:OpenIdConnect:ClientSecret", "test-secret");
            b.ConfigureServices(s => s.Configure<OpenIdConnectOptions>(SessionSchemes.OpenIdConnect, o =>
            {
                o.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(Provider.Configuration());
                o.BackchannelHttpHandler = Provider;
            }));
        });
    }

    public FakeEidProvider Provider { get; } = new();

    public ApiFactory Api { get; }

    public ValueTask InitializeAsync() => Api.InitializeAsync();

    public async ValueTask DisposeAsync()
    {
        await Api.DisposeAsync();
        Provider.Dispose();
    }
}

/// <summary>The eID sign-in of browsers: the provider's subject is mapped to the registered user as a token's is.</summary>
public sealed class OpenIdConnectSignInTests(EidGateway gateway) : IClassFixture<EidGateway>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ApiFactory Api => gateway.Api;

    [Fact]
    public async Task a_registered_user_signs_in_with_eid_and_the_session_carries_their_rights()
    {
        var nrn = Api.NextNationalNumber();
        var user = await Api.Registry.AddAsync(new NewUser(nrn, "Eid Ops", OrganisationKind.Concessionaire, "concessionaire", [Roles.Ops]), Ct);
        var browser = Api.Browser("https://localhost");

        var back = await SignInWithEidAsync(browser, nrn, "/console/ops");

        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.Equal("/console/ops", back.Headers.Location?.OriginalString);
        var cookie = back.Headers.GetValues("Set-Cookie").Single(v => v.StartsWith("p4.session=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(BrowserRequests.Page("/console/ops"), Ct)).StatusCode);
        Assert.Contains(user.Id.ToString(), await browser.GetStringAsync("/me", Ct), StringComparison.Ordinal);
        Assert.Equal((user.Id, $"user/{user.Id}", "ok:302", "{\"method\":\"eid\"}"), (await Api.AuditAsync("console.sign-in")).Last());
    }

    [Theory]
    [InlineData("unknown", "refused:unknown-user:403")]
    [InlineData("suspended", "refused:suspended:403")]
    [InlineData("malformed", "refused:unknown-user:403")]
    public async Task an_eid_identity_that_is_not_an_active_registered_user_gets_no_session_and_is_audited(string who, string outcome)
    {
        var nrn = Api.NextNationalNumber();
        var user = await Api.Registry.AddAsync(new NewUser(nrn, "Eid Ops", OrganisationKind.Concessionaire, "concessionaire", [Roles.Ops]), Ct);
        if (who == "suspended")
        {
            await Api.Registry.SetStatusAsync(user.Id, UserStatus.Suspended, Ct);
        }
        var asserted = who switch { "unknown" => Api.NextNationalNumber(), "malformed" => "not-a-number", _ => nrn };
        var browser = Api.Browser("https://localhost");

        var back = await SignInWithEidAsync(browser, asserted, "/console");

        Assert.Equal(HttpStatusCode.Forbidden, back.StatusCode);
        Assert.DoesNotContain(back.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("p4.session=", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/me", Ct)).StatusCode);
        var entry = (await Api.AuditAsync("console.sign-in")).Last();
        Assert.Equal(outcome, entry.Outcome);
        Assert.Equal(who == "suspended" ? user.Id : null, entry.User);
    }

    [Theory]
    [InlineData("forged-state")]
    [InlineData("no-state")]
    [InlineData("error-from-provider")]
    public async Task a_callback_that_the_gateway_did_not_start_or_that_the_provider_refused_is_a_refused_and_audited_sign_in(string variant)
    {
        var browser = Api.Browser("https://localhost");
        var fields = variant switch
        {
            "forged-state" => new Dictionary<string, string> { ["code"] = "c", ["state"] = "CfDJ8forged" },
            "no-state" => new Dictionary<string, string> { ["code"] = "c" },
            _ => new Dictionary<string, string> { ["error"] = "access_denied", ["state"] = "CfDJ8forged" },
        };

        var back = await browser.PostAsync("/console/signin-oidc", new FormUrlEncodedContent(fields), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, back.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/me", Ct)).StatusCode);
        Assert.Equal((null, "user", "refused:eid-failure:403", "{\"method\":\"eid\"}"), (await Api.AuditAsync("console.sign-in")).Last());
    }

    [Fact]
    public async Task with_eid_configured_api_clients_still_get_the_401_problem_and_the_development_page_stays_404()
    {
        var api = new HttpRequestMessage(HttpMethod.Get, "/me");
        api.Headers.TryAddWithoutValidation("Accept", "application/json");
        var response = await Api.Browser("https://localhost").SendAsync(api, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Browser("https://localhost").SendAsync(BrowserRequests.Page("/console/sign-in"), Ct)).StatusCode);
    }

    /// <summary>What a browser and the provider do: the gateway's redirect to the provider, then the provider's form post back.</summary>
    private async Task<HttpResponseMessage> SignInWithEidAsync(HttpClient browser, string nationalNumber, string page)
    {
        var challenge = await browser.SendAsync(BrowserRequests.Page(page), Ct);
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var authorize = challenge.Headers.Location!;
        Assert.StartsWith(FakeEidProvider.Issuer + "/authorize?", authorize.ToString(), StringComparison.Ordinal);
        var query = HttpUtility.ParseQueryString(authorize.Query);
        Assert.Equal(FakeEidProvider.ClientId, query["client_id"]);
        Assert.Equal("code", query["response_type"]);
        Assert.NotNull(query["code_challenge"]);
        gateway.Provider.Nonce = query["nonce"]!;
        gateway.Provider.NationalNumber = nationalNumber;

        return await browser.PostAsync(new Uri(query["redirect_uri"]!).AbsolutePath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["code"] = "one-time-code",
            ["state"] = query["state"]!,
        }), Ct);
    }
}
