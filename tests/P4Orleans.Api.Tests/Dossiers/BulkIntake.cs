using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.Dossiers;

/// <summary>Posting a bulk file and reading the NDJSON answer, for the bulk intake tests.</summary>
public static class BulkIntake
{
    public static StringContent Ndjson(string file)
    {
        var content = new StringContent(file, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        return content;
    }

    /// <summary>Posts <paramref name="content"/>, expects 200, and splits the answer into the job line, the line results and the last line.</summary>
    public static async Task<(List<JsonElement> Lines, Guid Job, JsonElement Last)> PostAsync(HttpClient onss, HttpContent content)
    {
        var response = await onss.PostAsync("/onss/dossiers/bulk", content, Ct);
        await ExpectAsync(response, HttpStatusCode.OK);
        var body = await response.Content.ReadAsStringAsync(Ct);
        var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal("job", lines[0].GetProperty("type").GetString());
        var results = lines[1..^1];
        Assert.All(results, r => Assert.Equal("line", r.GetProperty("type").GetString()));
        return (results, lines[0].GetProperty("jobId").GetGuid(), lines[^1]);
    }

    public static string Outcome(JsonElement line) => line.GetProperty("outcome").GetString()!;

    public static string Errors(JsonElement line) => line.GetProperty("errors").ToString();
}
