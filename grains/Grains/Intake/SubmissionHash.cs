using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using P4Orleans.Contracts;

namespace P4Orleans.Domain;

/// <summary>
/// The canonical payload hash of a submission, for idempotency on the ONSS reference: same reference and
/// same hash is a duplicate; same reference and another hash is a conflict (the host checks, the grain too).
/// Canonical form: the submission as JSON with camelCase names in declaration order, enums as strings, no
/// whitespace, amounts ordered by component and an absent third-party list written as empty.
/// </summary>
public static class SubmissionHash
{
    private static readonly JsonSerializerOptions Canonical = CreateOptions();

    /// <summary>The canonical JSON of <paramref name="submission"/>.</summary>
    public static byte[] CanonicalJson(TitleSubmission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var normal = submission with
        {
            Amounts = [.. (submission.Amounts ?? []).OrderBy(a => a.Component).ThenBy(a => a.Cents)],
            ThirdParties = submission.ThirdParties ?? [],
        };
        return JsonSerializer.SerializeToUtf8Bytes(normal, Canonical);
    }

    /// <summary>SHA-256 of the canonical JSON, lowercase hex.</summary>
    public static string Compute(TitleSubmission submission) =>
        Convert.ToHexStringLower(SHA256.HashData(CanonicalJson(submission)));

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = false,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
