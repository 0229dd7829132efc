using System.Net;
using System.Text.RegularExpressions;
using P4Orleans.Api.Hosting;
using P4Orleans.Api.Security;

namespace P4Orleans.Api.Tests.OpenApi;

/// <summary>The API reference page: authenticated users only, and every asset it names served by the gateway itself.</summary>
public sealed partial class ApiReferenceTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task the_api_reference_and_the_document_are_refused_to_a_client_without_credentials()
    {
        var anonymous = api.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var statuses = new Dictionary<string, HttpStatusCode>();
        foreach (var path in new[] { OpenApiReference.Path, OpenApiReference.Path + "/", OpenApiReference.DocumentPath })
        {
            statuses[path] = (await anonymous.GetAsync(path, TestContext.Current.CancellationToken)).StatusCode;
        }

        Assert.True(statuses.Values.All(s => s == HttpStatusCode.Unauthorized), string.Join(", ", statuses.Select(s => $"{s.Key}: {(int)s.Value}")));
    }

    [Fact]
    public async Task the_api_reference_names_only_assets_the_gateway_serves_and_no_other_host()
    {
        var client = api.ClientFor(await api.UserAsync(Roles.BailiffClerk));
        // The page itself sends /docs to /docs/; a redirected request loses its Authorization header, so ask /docs/.
        var page = await client.GetAsync(OpenApiReference.Path + "/", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.DoesNotMatch(ExternalUrl(), html);
        var assets = Assets().Matches(html).Select(m => m.Groups["url"].Value).Distinct().ToList();
        Assert.NotEmpty(assets);
        var sizes = new Dictionary<string, int>();
        foreach (var asset in assets)
        {
            var url = new Uri(new Uri(client.BaseAddress!, OpenApiReference.Path + "/"), asset);
            var response = await client.GetAsync(url, TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{asset} ({url}): {(int)response.StatusCode}");
            sizes[asset] = (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Length;
        }

        // One of them is the whole reference application, not a loader fetching it from elsewhere.
        Assert.True(sizes.Values.Max() > 100_000, string.Join(", ", sizes.Select(s => $"{s.Key}: {s.Value} characters")));
    }

    [GeneratedRegex("""(src|href)\s*=\s*["'](https?:)?//""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalUrl();

    [GeneratedRegex("""<script[^>]*\bsrc\s*=\s*["'](?<url>[^"']+)["']""", RegexOptions.IgnoreCase)]
    private static partial Regex Assets();
}
