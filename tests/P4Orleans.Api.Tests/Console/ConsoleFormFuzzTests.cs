using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using P4Orleans.Api.Tests.Dossiers;
using P4Orleans.Api.Tests.Session;
using P4Orleans.Api.Users;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.Console;

/// <summary>The Development gateway (console sign-in) on a scenario's clock, with an office and two of its dossiers.</summary>
public sealed class ConsoleFuzzGateway : IAsyncLifetime
{
    public Scenario Scenario { get; } = new(configure: b =>
    {
        b.UseEnvironment("Development");
        b.ConfigureServices(s => s.AddSingleton(BrowserRequests.PeerFilter()));
    });

    public const string Office = "fuzz-liege";

    /// <summary>A dossier assigned to <see cref="Office"/>, and one it accepted and served.</summary>
    public string Assigned { get; private set; } = "";

    public string Served { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        await Scenario.InitializeAsync();
        var onss = await Scenario.OnssAsync();
        var operators = await Scenario.OperatorAsync();
        await Scenario.RegisterOfficeAsync(operators, Office);
        (Assigned, _) = await Scenario.SubmitAndDispatchAsync(onss, operators, Contrainte("ONSS-2026-FUZZ-A"));
        (Served, _) = await Scenario.SubmitAndDispatchAsync(onss, operators, Contrainte("ONSS-2026-FUZZ-S"));
        var office = await Scenario.BailiffAsync(Office);
        await PostAsync(office, $"/bailiff/dossiers/{Served}/acceptance", null);
        await PostAsync(office, $"/bailiff/dossiers/{Served}/service",
            new P4Orleans.Contracts.ServiceReport(Scenario.Today, P4Orleans.Contracts.ServiceMode.InPerson, null));
    }

    public ValueTask DisposeAsync() => Scenario.DisposeAsync();
}

/// <summary>
/// Every handler of every console page, found from the gateway's own page descriptors (so a page added later is
/// covered without naming it here), is sent hostile values in each of its form, query and route fields by a user
/// of each role. Whatever the page decides (refusal, not found, a redirect after a command that the value happened
/// to satisfy), it never answers a server error and never shows an exception.
/// </summary>
public sealed class ConsoleFormFuzzTests(ConsoleFuzzGateway fixture) : IClassFixture<ConsoleFuzzGateway>
{
    private static readonly string[] Hostile =
    [
        "", " ", "\0", "x", "-1", "0", "1e400", "99999999999999999999999", "12,345.678", "2026-02-30", "0001-01-01",
        "9999-12-31", "<script>alert(1)</script>", "' OR 1=1 --", "\u202Egnp.exe", "NaN", "null", "{}",
        new string('a', 70_000),
    ];

    private static readonly string[] AllRoles =
    [
        Security.Roles.Operator, Security.Roles.OnssAgent, Security.Roles.Bailiff, Security.Roles.BailiffClerk,
        Security.Roles.SecurityCoordinator, Security.Roles.DataProtectionManager, Security.Roles.Ops,
    ];

    private ApiFactory Api => fixture.Scenario.Api;

    [Fact]
    public async Task no_hostile_value_in_any_field_of_any_console_handler_is_a_server_error_for_any_role()
    {
        var handlers = await HandlersAsync();
        // The discovery itself is checked: the console's pages and their forms are found.
        Assert.Contains(handlers, h => h.Template == "console/dossiers/{dossierId}" && h.Method == "POST");
        Assert.Contains(handlers, h => h.Template.StartsWith("console/office/dossiers/", StringComparison.Ordinal) && h.Method == "POST");
        Assert.True(handlers.Count >= 20, $"only {handlers.Count} handlers found");

        var failures = new List<string>();
        var sent = 0;
        foreach (var role in AllRoles)
        {
            var (browser, token) = await SignInAsync(role);
            foreach (var handler in handlers)
            {
                // Every hostile value in every field, on the real dossier and office; then each odd route value with a plain one.
                foreach (var value in Hostile)
                {
                    sent++;
                    await SendAsync(browser, token, handler, RealRoute, value, failures, role);
                }
                foreach (var route in OddRoutes)
                {
                    sent++;
                    await SendAsync(browser, token, handler, route, "1", failures, role);
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} requests failed:\n" + string.Join("\n", failures.Take(40)));
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/console")]
    [InlineData("/\\evil.example")]
    [InlineData("\\\\evil.example")]
    [InlineData("javascript:alert(1)")]
    [InlineData("/console\r\nSet-Cookie: x=1")]
    [InlineData("")]
    public async Task the_sign_in_and_language_forms_never_send_the_browser_off_the_gateway(string returnUrl)
    {
        var user = await Api.UserAsync(Security.Roles.Operator);
        var browser = Api.Browser();
        var signIn = await browser.SignInAsync(user.Id.ToString(), returnUrl);
        AssertLocal(signIn);

        var page = await browser.SendAsync(BrowserRequests.Page("/console"), Ct);
        var token = BrowserRequests.FormToken(await page.Content.ReadAsStringAsync(Ct));
        var language = await browser.PostAsync("/console/language", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["lang"] = "nl", ["returnUrl"] = returnUrl,
        }), Ct);
        AssertLocal(language);
    }

    private static void AssertLocal(HttpResponseMessage response)
    {
        Assert.True((int)response.StatusCode is >= 300 and < 400, $"status {(int)response.StatusCode}");
        var location = response.Headers.Location?.OriginalString ?? "";
        Assert.StartsWith("/", location, StringComparison.Ordinal);
        Assert.False(location.StartsWith("//", StringComparison.Ordinal) || location.StartsWith("/\\", StringComparison.Ordinal), location);
        Assert.DoesNotContain('\n', location);
    }

    private sealed record Handler(string Template, string Method, string? Name, IReadOnlyList<(string Name, Type Type)> Fields);

    private Dictionary<string, string> RealRoute => new(StringComparer.OrdinalIgnoreCase)
    {
        ["dossierId"] = fixture.Served, ["officeId"] = ConsoleFuzzGateway.Office, ["period"] = "2026-03",
        ["documentId"] = Guid.NewGuid().ToString(), ["id"] = Guid.NewGuid().ToString(), ["year"] = "2026",
    };

    private IEnumerable<Dictionary<string, string>> OddRoutes =>
        new[] { fixture.Assigned, "d" + new string('0', 31), "x", new string('9', 250), "%E2%80%AE", "..", "%20", "%20%09" }
            .Select(v => new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["dossierId"] = v, ["officeId"] = v, ["period"] = v, ["documentId"] = v, ["id"] = v, ["year"] = v,
            });

    /// <summary>The handlers of every console page, read from the compiled page descriptors.</summary>
    private async Task<List<Handler>> HandlersAsync()
    {
        var loader = Api.Services.GetRequiredService<PageLoader>();
        var pages = Api.Services.GetRequiredService<IActionDescriptorCollectionProvider>().ActionDescriptors.Items.OfType<PageActionDescriptor>()
            .Where(p => p.AttributeRouteInfo?.Template?.StartsWith("console", StringComparison.Ordinal) == true);
        var handlers = new List<Handler>();
        foreach (var page in pages)
        {
            var compiled = await loader.LoadAsync(page, EndpointMetadataCollection.Empty);
            var bound = compiled.BoundProperties.Where(IsInput).Select(p => (p.BindingInfo?.BinderModelName ?? p.Name, p.ParameterType)).ToList();
            foreach (var method in compiled.HandlerMethods)
            {
                var fields = method.Parameters.Where(p => IsInput(p)).Select(p => (p.BindingInfo?.BinderModelName ?? p.Name, p.ParameterType));
                handlers.Add(new Handler(page.AttributeRouteInfo!.Template!, method.HttpMethod.ToUpperInvariant(), method.Name, [.. bound, .. fields]));
            }
        }
        return handlers;
    }

    private static bool IsInput(Microsoft.AspNetCore.Mvc.Abstractions.ParameterDescriptor p) =>
        p.ParameterType != typeof(CancellationToken)
        && (p.BindingInfo?.BindingSource is not { } source || source == BindingSource.Form || source == BindingSource.Query
            || source == BindingSource.ModelBinding || source == BindingSource.FormFile);

    private async Task<(HttpClient Browser, string Token)> SignInAsync(string role)
    {
        var user = role is Security.Roles.Bailiff or Security.Roles.BailiffClerk
            ? await Api.UserAsync(role, OrganisationKind.BailiffOffice, ConsoleFuzzGateway.Office)
            : role == Security.Roles.OnssAgent
                ? await Api.UserAsync(role, OrganisationKind.Onss, "onss")
                : await Api.UserAsync(role);
        var browser = Api.Browser();
        var signedIn = await browser.SignInAsync(user.Id.ToString());
        Assert.Equal(HttpStatusCode.SeeOther, signedIn.StatusCode);
        var page = await browser.SendAsync(BrowserRequests.Page("/console"), Ct);
        return (browser, BrowserRequests.FormToken(await page.Content.ReadAsStringAsync(Ct)));
    }

    private static async Task SendAsync(HttpClient browser, string token, Handler handler, Dictionary<string, string> route, string value,
        List<string> failures, string role)
    {
        var path = "/" + string.Join('/', handler.Template.Split('/').Select(segment => RouteValue(segment, route)));
        var query = new List<string>();
        if (handler.Name is not null)
        {
            query.Add("handler=" + Uri.EscapeDataString(handler.Name));
        }

        var request = new HttpRequestMessage(new HttpMethod(handler.Method), path);
        request.Headers.TryAddWithoutValidation("Accept", "text/html");
        var texts = handler.Fields.Where(f => !IsFile(f.Type)).Select(f => f.Name).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (handler.Method == "GET")
        {
            // Query values are bounded by the server's limits: the longest hostile value is cut to what a browser sends.
            var v = value.Length > 2_000 ? value[..2_000] : value;
            query.AddRange(texts.Select(n => n + "=" + Uri.EscapeDataString(v)));
        }
        else if (handler.Fields.Any(f => IsFile(f.Type)))
        {
            var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
            foreach (var name in texts)
            {
                form.Add(new StringContent(value), name);
            }
            foreach (var file in handler.Fields.Where(f => IsFile(f.Type)))
            {
                var bytes = new ByteArrayContent(Encoding.UTF8.GetBytes(value));
                bytes.Headers.TryAddWithoutValidation("Content-Type", "application/pdf");
                form.Add(bytes, file.Name, "a.pdf");
            }
            request.Content = form;
        }
        else
        {
            request.Content = new FormUrlEncodedContent(texts.Select(n => KeyValuePair.Create(n, value))
                .Append(KeyValuePair.Create("__RequestVerificationToken", token)));
        }
        request.RequestUri = new Uri(path + (query.Count > 0 ? "?" + string.Join('&', query) : ""), UriKind.Relative);

        var response = await browser.SendAsync(request, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        if ((int)response.StatusCode >= 500 || body.Contains("Exception", StringComparison.Ordinal) || body.Contains("   at ", StringComparison.Ordinal))
        {
            var shown = value.Length > 40 ? value[..40] + "…" : value;
            var uri = request.RequestUri!.OriginalString;
            failures.Add($"{role} {handler.Method} {(uri.Length > 120 ? uri[..120] + "…" : uri)} [{shown}]: {(int)response.StatusCode}");
        }
    }

    private static string RouteValue(string segment, Dictionary<string, string> route)
    {
        if (!segment.StartsWith('{'))
        {
            return segment;
        }
        var name = segment.Trim('{', '}', '?').Split(':')[0];
        var value = route.TryGetValue(name, out var v) ? v : "x";
        // Already-escaped values (the RTL mark) go as they are.
        return value.Contains('%', StringComparison.Ordinal) ? value : Uri.EscapeDataString(value);
    }

    private static bool IsFile(Type type) =>
        type == typeof(IFormFile) || type == typeof(IFormFile[]) || type == typeof(IFormFileCollection) || type == typeof(List<IFormFile>);
}
