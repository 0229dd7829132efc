using System.Net;
using Microsoft.Extensions.DependencyInjection;
using P4Orleans.Api.Security;
using P4Orleans.Api.Users;
using P4Orleans.Testing;

namespace P4Orleans.Api.Tests.Session;

/// <summary>The Development gateway on a clock the tests move.</summary>
public sealed class ClockedDevelopmentGateway : IAsyncLifetime
{
    public ClockedDevelopmentGateway()
    {
        Api = BrowserRequests.Gateway("Development", b => b.ConfigureServices(s => s.AddKeyedSingleton<TimeProvider>(P4Orleans.Grains.PlatformClock.Key, Clock)));
    }

    public ManualTimeProvider Clock { get; } = new();

    public ApiFactory Api { get; }

    public ValueTask InitializeAsync() => Api.InitializeAsync();

    public ValueTask DisposeAsync() => Api.DisposeAsync();
}

/// <summary>
/// A session carries the same rights as a token, checked at each request: status, organisation and roles from the
/// registry; policy Ops is role Ops alone; API clients are never redirected; a session ends when its user is
/// suspended or revoked, when unused for the idle timeout, and at its absolute limit however active.
/// </summary>
public sealed class SessionRightsTests(ClockedDevelopmentGateway gateway) : IClassFixture<ClockedDevelopmentGateway>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ApiFactory Api => gateway.Api;

    [Theory]
    [InlineData(null)]
    [InlineData("*/*")]
    [InlineData("application/json")]
    [InlineData("application/problem+json")]
    [InlineData("text/html, application/json")]
    public async Task api_clients_without_a_token_or_session_get_the_401_problem_of_the_bearer_path_never_a_redirect(string? accept)
    {
        foreach (var path in new[] { "/me", "/ops/nodes", "/console", "/console/ops", "/operators/dossiers" })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (accept is not null)
            {
                request.Headers.TryAddWithoutValidation("Accept", accept);
            }

            var response = await Api.Browser().SendAsync(request, Ct);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Null(response.Headers.Location);
            Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        }
    }

    [Theory]
    [InlineData("/console")]
    [InlineData("/console/ops")]
    [InlineData("/ops/nodes")]
    [InlineData("/me")]
    public async Task a_browser_not_signed_in_is_sent_to_the_sign_in_page_with_its_way_back(string path)
    {
        var response = await Api.Browser().SendAsync(BrowserRequests.Page(path), Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/console/sign-in?returnUrl=" + Uri.EscapeDataString(path), response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData(Roles.Operator, "/console/ops")]
    [InlineData(Roles.Bailiff, "/console/ops")]
    [InlineData(Roles.Bailiff, "/ops/nodes")]
    [InlineData(Roles.OnssAgent, "/ops/nodes")]
    [InlineData(Roles.SecurityCoordinator, "/console/ops")]
    public async Task a_signed_in_user_without_the_role_is_refused_a_403_page_in_a_browser_and_a_403_problem_in_a_script(string role, string path)
    {
        var user = await Api.UserAsync(role);
        var browser = Api.Browser();
        await browser.SignInAsync(user.Id.ToString());

        var page = await browser.SendAsync(BrowserRequests.Page(path), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Access refused", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var script = new HttpRequestMessage(HttpMethod.Get, path);
        script.Headers.TryAddWithoutValidation("Accept", "application/json");
        var problem = await browser.SendAsync(script, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, problem.StatusCode);
        Assert.Equal("application/problem+json", problem.Content.Headers.ContentType?.MediaType);
        Assert.Null(problem.Headers.Location);
    }

    [Fact]
    public async Task the_ops_policy_is_role_ops_alone_and_follows_the_registry_at_each_request()
    {
        var user = await Api.UserAsync(Roles.Ops, more: Roles.Operator);
        var browser = Api.Browser();
        await browser.SignInAsync(user.Id.ToString());
        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(BrowserRequests.Page("/console/ops"), Ct)).StatusCode);

        await Api.Registry.SetRolesAsync(user.Id, [Roles.Operator], Ct);

        Assert.Equal(HttpStatusCode.Forbidden, (await browser.SendAsync(BrowserRequests.Page("/console/ops"), Ct)).StatusCode);
        // Operators still watch the nodes.
        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(BrowserRequests.Page("/ops/nodes"), Ct)).StatusCode);
    }

    [Theory]
    [InlineData("POST", "cross-site", HttpStatusCode.Unauthorized)]
    [InlineData("POST", "same-site", HttpStatusCode.Unauthorized)]
    [InlineData("POST", "same-origin", HttpStatusCode.Created)]
    [InlineData("POST", "none", HttpStatusCode.Created)]
    [InlineData("POST", null, HttpStatusCode.Created)]
    [InlineData("GET", "cross-site", HttpStatusCode.OK)]
    public async Task a_write_that_the_browser_marks_as_sent_by_another_site_does_not_carry_the_session(string method, string? fetchSite, HttpStatusCode expected)
    {
        var registrar = await Api.UserAsync(Roles.UserRegistrar);
        var browser = Api.Browser();
        await browser.SignInAsync(registrar.Id.ToString());
        var request = method == "GET"
            ? new HttpRequestMessage(HttpMethod.Get, "/me")
            : new HttpRequestMessage(HttpMethod.Post, "/admin/users")
            {
                Content = System.Net.Http.Json.JsonContent.Create(new
                {
                    nationalNumber = Api.NextNationalNumber(), name = "New Operator", organisationKind = "Concessionaire",
                    organisationId = "concessionaire", roles = new[] { Roles.Operator },
                }),
            };
        if (fetchSite is not null)
        {
            request.Headers.TryAddWithoutValidation("Sec-Fetch-Site", fetchSite);
        }

        Assert.Equal(expected, (await browser.SendAsync(request, Ct)).StatusCode);
        // The session itself goes on.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/me", Ct)).StatusCode);
    }

    [Theory]
    [InlineData(UserStatus.Suspended)]
    [InlineData(UserStatus.Revoked)]
    public async Task a_user_suspended_or_revoked_after_signing_in_loses_the_session_at_the_next_request(UserStatus status)
    {
        var user = await Api.UserAsync(Roles.Ops);
        var browser = Api.Browser();
        await browser.SignInAsync(user.Id.ToString());
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/console/ops", Ct)).StatusCode);

        await Api.Registry.SetStatusAsync(user.Id, status, Ct);

        var next = await browser.SendAsync(BrowserRequests.Page("/console/ops"), Ct);
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        Assert.StartsWith("/console/sign-in", next.Headers.Location?.OriginalString, StringComparison.Ordinal);
        // The cookie is removed, and reactivating the user does not bring the old session back.
        Assert.Contains(next.Headers.GetValues("Set-Cookie"), v => v.StartsWith("p4.session=;", StringComparison.Ordinal));
        var entry = (await Api.AuditAsync("console.session-ended")).Last();
        Assert.Equal((user.Id, $"user/{user.Id}", $"refused:{status.ToString().ToLowerInvariant()}", (string?)null), entry);
        if (status == UserStatus.Suspended)
        {
            await Api.Registry.SetStatusAsync(user.Id, UserStatus.Active, Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/me", Ct)).StatusCode);
        }
    }

    [Fact]
    public async Task a_person_the_chamber_reports_gone_loses_the_console_session_at_the_next_request()
    {
        var chamber = Api.ClientFor(await Api.UserAsync(Roles.ChamberFeed, OrganisationKind.Chamber, "chamber"));
        var nrn = Api.NextNationalNumber();
        var person = await Api.Registry.AddAsync(new NewUser(nrn, "Person of the roster", OrganisationKind.BailiffOffice, "office-gone", [Roles.Bailiff]), Ct);
        var browser = Api.Browser();
        await browser.SignInAsync(person.Id.ToString());
        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(BrowserRequests.Page("/console/office"), Ct)).StatusCode);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var departed = await chamber.PostAsync("/chamber/persons/departure",
            System.Net.Http.Json.JsonContent.Create(new { nationalNumber = nrn }), Ct);
        Assert.Equal(HttpStatusCode.OK, departed.StatusCode);
        var next = await browser.SendAsync(BrowserRequests.Page("/console/office"), Ct);
        TestContext.Current.TestOutputHelper?.WriteLine($"departure answered and the session refused {clock.Elapsed.TotalMilliseconds:F0} ms after the Chamber's request");

        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        Assert.StartsWith("/console/sign-in", next.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Equal((person.Id, $"user/{person.Id}", "refused:revoked", (string?)null), (await Api.AuditAsync("console.session-ended")).Last());
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task sign_out_ends_the_session_needs_its_anti_forgery_token_and_is_audited()
    {
        var user = await Api.UserAsync(Roles.Ops);
        var browser = Api.Browser();
        await browser.SignInAsync(user.Id.ToString());
        var home = await browser.SendAsync(BrowserRequests.Page("/console"), Ct);
        var token = BrowserRequests.FormToken(await home.Content.ReadAsStringAsync(Ct));

        var forged = await browser.PostAsync("/console/sign-out", new FormUrlEncodedContent(new Dictionary<string, string>()), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/me", Ct)).StatusCode);
        Assert.Equal((user.Id, $"user/{user.Id}", "refused:anti-forgery:400", (string?)null), (await Api.AuditAsync("console.sign-out")).Last());

        var signOut = await browser.PostAsync("/console/sign-out", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }), Ct);

        Assert.Equal(HttpStatusCode.OK, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/me", Ct)).StatusCode);
        Assert.Equal((user.Id, $"user/{user.Id}", "ok:200", (string?)null), (await Api.AuditAsync("console.sign-out")).Last());
    }

    [Fact]
    public async Task a_session_unused_for_the_idle_timeout_ends_and_one_in_use_slides()
    {
        var user = await Api.UserAsync(Roles.Ops);
        var browser = Api.Browser();
        await browser.SignInAsync(user.Id.ToString());

        // Used every 15 minutes for an hour and a half: each request past half the idle timeout renews the cookie.
        for (var i = 0; i < 6; i++)
        {
            gateway.Clock.Advance(TimeSpan.FromMinutes(15));
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/me", Ct)).StatusCode);
        }
        gateway.Clock.Advance(TimeSpan.FromMinutes(21));

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task a_session_ends_at_its_absolute_limit_however_active()
    {
        var user = await Api.UserAsync(Roles.Ops);
        var browser = Api.Browser();
        await browser.SignInAsync(user.Id.ToString());

        // 7 h 45 of work, a request every 15 minutes (the idle timeout keeps sliding): still signed in.
        for (var minutes = 15; minutes < 8 * 60; minutes += 15)
        {
            gateway.Clock.Advance(TimeSpan.FromMinutes(15));
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/me", Ct)).StatusCode);
        }
        // 8 h 01 after sign-in, 16 minutes after the last request: within the idle timeout, past the absolute limit.
        gateway.Clock.Advance(TimeSpan.FromMinutes(16));

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/me", Ct)).StatusCode);
        Assert.Equal((user.Id, $"user/{user.Id}", "refused:absolute-limit", (string?)null), (await Api.AuditAsync("console.session-ended")).Last());
    }
}
