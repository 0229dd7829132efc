using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using P4Orleans.Grains;
using P4Orleans.Testing;

namespace P4Orleans.Api.Tests.Session;

/// <summary>
/// The gateway in a given environment, its requests coming from a given peer address (the in-memory server has no
/// socket: a startup filter sets the peer as Kestrel would, from the test's <see cref="PeerHeader"/>, loopback by default).
/// </summary>
public static partial class BrowserRequests
{
    public const string PeerHeader = "X-Test-Peer";

    public static ApiFactory Gateway(string environment, Action<IWebHostBuilder>? more = null) => new()
    {
        ConfigureHost = b =>
        {
            b.UseEnvironment(environment);
            b.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new PeerFromHeader()));
            more?.Invoke(b);
        },
    };

    /// <summary>
    /// The gateway's platform clock set to <see cref="MorningClock"/>: for the tests that compute "today" themselves
    /// and post it, so that a run crossing a Brussels midnight cannot see two different todays.
    /// </summary>
    public static void OnMorningClock(IWebHostBuilder builder) => builder.ConfigureTestServices(s =>
    {
        s.RemoveAllKeyed<TimeProvider>(PlatformClock.Key);
        s.AddKeyedSingleton(PlatformClock.Key, MorningClock.Platform);
    });

    /// <summary>The startup filter that gives each request its peer address (loopback unless <see cref="PeerHeader"/> says otherwise).</summary>
    public static IStartupFilter PeerFilter() => new PeerFromHeader();

    /// <summary>A client that keeps cookies and does not follow redirects.</summary>
    public static HttpClient Browser(this ApiFactory api, string baseAddress = "http://localhost") =>
        api.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri(baseAddress) });

    /// <summary>A GET as a browser opening a page sends it.</summary>
    public static HttpRequestMessage Page(string path, string? peer = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        if (peer is not null)
        {
            request.Headers.TryAddWithoutValidation(PeerHeader, peer);
        }
        return request;
    }

    /// <summary>The anti-forgery token of the first form of a page.</summary>
    public static string FormToken(string html) =>
        TokenPattern().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : throw new InvalidOperationException("No anti-forgery token in the page.");

    /// <summary>Signs in through the development page as a browser does (page, then form with its token); the response of the post.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(this HttpClient browser, string userId, string returnUrl = "/console")
    {
        var ct = TestContext.Current.CancellationToken;
        var page = await browser.SendAsync(Page("/console/sign-in"), ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var token = FormToken(await page.Content.ReadAsStringAsync(ct));
        return await browser.PostAsync("/console/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["userId"] = userId,
            ["returnUrl"] = returnUrl,
        }), ct);
    }

    /// <summary>The audit entries of an action, in order: user, resource, outcome, details.</summary>
    public static async Task<List<(Guid? User, string? Resource, string Outcome, string? Details)>> AuditAsync(this ApiFactory api, string action)
    {
        await using var db = NpgsqlDataSource.Create(api.ConnectionString);
        await using var cmd = db.CreateCommand("SELECT user_id, resource, outcome, details FROM audit_log WHERE action = $1 ORDER BY seq");
        cmd.Parameters.Add(new NpgsqlParameter { Value = action });
        var list = new List<(Guid?, string?, string, string?)>();
        await using var r = await cmd.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await r.ReadAsync(TestContext.Current.CancellationToken))
        {
            list.Add((r.IsDBNull(0) ? null : r.GetGuid(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3)));
        }
        return list;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*? value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    private sealed class PeerFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = context.Request.Headers.TryGetValue(PeerHeader, out var peer)
                    ? (peer.ToString() == "none" ? null : IPAddress.Parse(peer.ToString()))
                    : IPAddress.Loopback;
                context.Request.Headers.Remove(PeerHeader);
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
