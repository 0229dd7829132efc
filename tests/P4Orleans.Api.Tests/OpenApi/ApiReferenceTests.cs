using System.Net;
using System.Text.RegularExpressions;
using P4Orleans.Api.Hosting;
using P4Orleans.Api.Security;

namespace P4Orleans.Api.Tests.OpenApi;

/// <summary>The API reference page: authenticated users only, and every asset it names served by the gateway itself.</summary>
public sealed partial class ApiReferenceTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task the_api_reference_and_its_script_are_refused_to_a_client_without_credentials()
    {
        var anonymous = api.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(OpenApiReference.Path, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(OpenApiReference.DocumentPath, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(OpenApiReference.Path + "/scalar.js", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task the_api_reference_names_only_assets_the_gateway_serves_and_no_other_host()
    {
        var client = api.ClientFor(await api.UserAsync(Roles.BailiffClerk));
        var page = await client.GetAsync(OpenApiReference.Path, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.DoesNotMatch(ExternalUrl(), html);
        var assets = Assets().Matches(html).Select(m => m.Groups["url"].Value).Distinct().ToList();
        Assert.NotEmpty(assets);
        foreach (var asset in assets)
        {
            var url = new Uri(new Uri(client.BaseAddress!, OpenApiReference.Path + "/"), asset);
            var response = await client.GetAsync(url, TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{asset} ({url}): {(int)response.StatusCode}");
            var script = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.True(script.Length > 100_000, $"{asset} is only {script.Length} characters: not the bundled reference");
        }
    }

    [GeneratedRegex("""(src|href)\s*=\s*["'](https?:)?//""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalUrl();

    [GeneratedRegex("""<script[^>]*\bsrc\s*=\s*["'](?<url>[^"']+)["']""", RegexOptions.IgnoreCase)]
    private static partial Regex Assets();
}
