using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using P4Orleans.Api.Security;
using P4Orleans.Api.Users;

namespace P4Orleans.Api.Tests.Session;

/// <summary>The gateway in Development (a local run), for the development sign-in.</summary>
public sealed class DevelopmentGateway : IAsyncLifetime
{
    public ApiFactory Api { get; } = BrowserRequests.Gateway("Development", BrowserRequests.OnMorningClock);

    public ValueTask InitializeAsync() => Api.InitializeAsync();

    public ValueTask DisposeAsync() => Api.DisposeAsync();
}

/// <summary>
/// The development sign-in page: only in Development and only for a browser on this machine; every form checked
/// for its anti-forgery token; every sign-in and refusal audited; the return address never another site.
/// </summary>
public sealed class DevelopmentSignInTests(DevelopmentGateway gateway) : IClassFixture<DevelopmentGateway>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ApiFactory Api => gateway.Api;

    [Theory]
    [InlineData("Testing")]
    [InlineData("Staging")]
    [InlineData("Production")]
    public async Task the_sign_in_page_and_its_form_are_404_outside_development(string environment)
    {
        await using var api = BrowserRequests.Gateway(environment, b =>
        {
            // Production refuses the development token issuer at start: these runs use none.
            b.UseSetting("Auth:DevelopmentIssuer:Enabled", "false");
        });
        await api.InitializeAsync();
        var browser = api.Browser();

        Assert.Equal(HttpStatusCode.NotFound, (await browser.SendAsync(BrowserRequests.Page("/console/sign-in"), Ct)).StatusCode);
        var post = await browser.PostAsync("/console/sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["userId"] = Guid.NewGuid().ToString() }), Ct);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Null(post.Headers.Location);
        Assert.DoesNotContain(post.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("p4.session", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("10.1.2.3", null)]
    [InlineData("192.168.0.5", null)]
    [InlineData("172.16.4.4", null)]
    [InlineData("2001:db8::1", null)]
    [InlineData("::ffff:10.0.0.1", null)]
    [InlineData("none", null)]
    [InlineData("127.0.0.1", "X-Forwarded-For")]
    [InlineData("::1", "Forwarded")]
    [InlineData("127.0.0.1", "X-Real-IP")]
    public async Task the_sign_in_page_is_404_from_another_address_or_through_a_proxy(string peer, string? proxyHeader)
    {
        var browser = Api.Browser();
        var page = BrowserRequests.Page("/console/sign-in", peer);
        if (proxyHeader is not null)
        {
            page.Headers.TryAddWithoutValidation(proxyHeader, proxyHeader == "Forwarded" ? "for=198.51.100.7" : "198.51.100.7");
        }
        Assert.Equal(HttpStatusCode.NotFound, (await browser.SendAsync(page, Ct)).StatusCode);

        var user = await Api.UserAsync(Roles.Ops);
        var post = new HttpRequestMessage(HttpMethod.Post, "/console/sign-in")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["userId"] = user.Id.ToString() }),
        };
        post.Headers.TryAddWithoutValidation(BrowserRequests.PeerHeader, peer);
        if (proxyHeader is not null)
        {
            post.Headers.TryAddWithoutValidation(proxyHeader, "198.51.100.7");
        }
        Assert.Equal(HttpStatusCode.NotFound, (await browser.SendAsync(post, Ct)).StatusCode);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("::1")]
    public async Task the_sign_in_page_is_served_in_development_from_a_loopback_address(string peer)
    {
        var page = await Api.Browser().SendAsync(BrowserRequests.Page("/console/sign-in", peer), Ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-store", page.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", string.Join(";", page.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        BrowserRequests.FormToken(await page.Content.ReadAsStringAsync(Ct));
    }

    [Theory]
    [InlineData("no-token")]
    [InlineData("token-of-another-browser")]
    [InlineData("forged-token")]
    [InlineData("no-cookie")]
    [InlineData("json-body")]
    public async Task a_sign_in_form_without_its_own_anti_forgery_token_is_refused_gives_no_session_and_is_audited(string variant)
    {
        var user = await Api.UserAsync(Roles.Ops);
        var browser = Api.Browser();
        var token = BrowserRequests.FormToken(await (await browser.SendAsync(BrowserRequests.Page("/console/sign-in"), Ct)).Content.ReadAsStringAsync(Ct));
        var other = Api.Browser();
        var otherToken = BrowserRequests.FormToken(await (await other.SendAsync(BrowserRequests.Page("/console/sign-in"), Ct)).Content.ReadAsStringAsync(Ct));
        var fields = new Dictionary<string, string> { ["userId"] = user.Id.ToString() };
        switch (variant)
        {
            case "token-of-another-browser": fields["__RequestVerificationToken"] = otherToken; break;
            case "forged-token": fields["__RequestVerificationToken"] = token[..^4] + "AAAA"; break;
            case "no-cookie": fields["__RequestVerificationToken"] = token; browser = Api.Browser(); break;
        }
        HttpContent content = variant == "json-body"
            ? System.Net.Http.Json.JsonContent.Create(new { userId = user.Id, __RequestVerificationToken = token })
            : new FormUrlEncodedContent(fields);

        var response = await browser.PostAsync("/console/sign-in", content, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(response.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("p4.session=", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/me", Ct)).StatusCode);
        var entry = (await Api.AuditAsync("console.sign-in")).Last();
        Assert.Equal(variant == "json-body" ? "refused:not-a-form:400" : "refused:anti-forgery:400", entry.Outcome);
    }

    [Fact]
    public async Task a_registered_active_user_signs_in_gets_a_session_cookie_and_the_sign_in_is_audited()
    {
        var user = await Api.UserAsync(Roles.Ops);
        var browser = Api.Browser();

        var signIn = await browser.SignInAsync(user.Id.ToString(), "/ops/nodes?x=1");

        Assert.Equal(HttpStatusCode.SeeOther, signIn.StatusCode);
        Assert.Equal("/ops/nodes?x=1", signIn.Headers.Location?.OriginalString);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(v => v.StartsWith("p4.session=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("expires=", cookie, StringComparison.OrdinalIgnoreCase);
        // A plain-http loopback Development run: not Secure, or the browser would never send it back.
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
        var me = await browser.GetAsync("/me", Ct);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Contains(user.Id.ToString(), await me.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var entry = (await Api.AuditAsync("console.sign-in")).Last();
        Assert.Equal((user.Id, $"user/{user.Id}", "ok:303", "{\"method\":\"development\"}"), entry);
        // The console's page shows the user's own record: audited as /me is.
        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(BrowserRequests.Page("/console"), Ct)).StatusCode);
        Assert.Equal((user.Id, $"user/{user.Id}", "ok:200", (string?)null), (await Api.AuditAsync("console.home")).Last());
    }

    [Fact]
    public async Task the_keys_protecting_sessions_are_sealed_at_rest_with_the_platforms_master_keys()
    {
        var user = await Api.UserAsync(Roles.Ops);
        await Api.Browser().SignInAsync(user.Id.ToString());
        var keyFile = Api.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()["Keys:File"]!;

        var files = Directory.GetFiles(Path.Combine(Path.GetDirectoryName(keyFile)!, "data-protection"), "*.xml");

        Assert.NotEmpty(files);
        Assert.All(files, f =>
        {
            var xml = File.ReadAllText(f);
            Assert.Contains("<encryptedSecret decryptorType=\"P4Orleans.Api.Security.SessionKeyDecryptor", xml, StringComparison.Ordinal);
            Assert.Contains("<sealedKey", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task the_session_cookie_is_secure_over_https_even_in_development()
    {
        var user = await Api.UserAsync(Roles.Ops);
        var signIn = await Api.Browser("https://localhost").SignInAsync(user.Id.ToString());

        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(v => v.StartsWith("p4.session=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("unknown", "refused:unknown-user:403")]
    [InlineData("suspended", "refused:suspended:403")]
    [InlineData("revoked", "refused:revoked:403")]
    [InlineData("not-a-guid", "refused:malformed-user-id:400")]
    [InlineData("", "refused:malformed-user-id:400")]
    public async Task a_sign_in_of_anyone_but_an_active_registered_user_is_refused_and_audited(string who, string outcome)
    {
        var user = await Api.UserAsync(Roles.Ops);
        var id = who switch
        {
            "unknown" => Guid.NewGuid().ToString(),
            "not-a-guid" => "85.07.30-033.28",
            "" => "",
            _ => user.Id.ToString(),
        };
        if (who is "suspended" or "revoked")
        {
            await Api.Registry.SetStatusAsync(user.Id, who == "suspended" ? UserStatus.Suspended : UserStatus.Revoked, Ct);
        }
        var browser = Api.Browser();

        var signIn = await browser.SignInAsync(id);

        Assert.Equal(outcome.EndsWith(":400", StringComparison.Ordinal) ? HttpStatusCode.BadRequest : HttpStatusCode.Forbidden, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/me", Ct)).StatusCode);
        var entry = (await Api.AuditAsync("console.sign-in")).Last();
        Assert.Equal(outcome, entry.Outcome);
        // What was typed is never stored unless it is a user id.
        Assert.Equal(who is "not-a-guid" or "" ? "user" : $"user/{id}", entry.Resource);
    }

    [Theory]
    [InlineData("//evil.example/x")]
    [InlineData("/\\evil.example")]
    [InlineData("https://evil.example/")]
    [InlineData("javascript:alert(1)")]
    [InlineData("console")]
    [InlineData("/ops\r\nSet-Cookie: a=b")]
    public async Task the_return_address_after_sign_in_is_always_a_path_of_this_site(string returnUrl)
    {
        var user = await Api.UserAsync(Roles.Ops);

        var signIn = await Api.Browser().SignInAsync(user.Id.ToString(), returnUrl);

        Assert.Equal(HttpStatusCode.SeeOther, signIn.StatusCode);
        Assert.Equal("/console", signIn.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task a_bearer_token_wins_over_a_session_cookie_on_the_same_request()
    {
        var ops = await Api.UserAsync(Roles.Ops);
        var bailiff = await Api.UserAsync(Roles.Bailiff, OrganisationKind.BailiffOffice, "office-1");
        var browser = Api.Browser();
        await browser.SignInAsync(ops.Id.ToString());
        browser.WithTokenFor(Api.Services, bailiff.Id);

        var me = JsonDocument.Parse(await browser.GetStringAsync("/me", Ct)).RootElement;

        Assert.Equal(bailiff.Id, me.GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/ops/nodes", Ct)).StatusCode);
    }
}
