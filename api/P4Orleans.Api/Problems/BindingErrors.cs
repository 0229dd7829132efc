using System.Text.Json;
using System.Text.RegularExpressions;

namespace P4Orleans.Api.Problems;

/// <summary>
/// Field-level errors for a request the framework could not bind: the JSON path of a body that does not fit its
/// type (wrong type, null where a value is required, a number for an enum, a missing required field), or the name
/// of a query or route parameter that is missing or does not parse. Values are never quoted back.
/// </summary>
internal static partial class BindingErrors
{
    [GeneratedRegex("parameter \"[^\"]* (?<name>[A-Za-z_][A-Za-z0-9_]*)\"")]
    private static partial Regex ParameterName();

    [GeneratedRegex("missing required properties including: (?<names>.*)\\.$")]
    private static partial Regex MissingProperties();

    [GeneratedRegex("'(?<name>[^']+)'")]
    private static partial Regex Quoted();

    /// <summary>The errors by field for <paramref name="exception"/>; the detail to show.</summary>
    public static (Dictionary<string, string[]> Errors, string Detail) Of(BadHttpRequestException exception)
    {
        if (exception.InnerException is JsonException json)
        {
            return OfJson(json);
        }

        var parameter = ParameterName().Match(exception.Message);
        var field = parameter.Success ? parameter.Groups["name"].Value : "$";
        var detail = exception.Message.StartsWith("Required parameter", StringComparison.Ordinal)
            ? $"{field} is required."
            : parameter.Success ? $"{field} has a value of the wrong type or format." : "The request could not be read.";
        return (new Dictionary<string, string[]> { [field] = [detail] }, detail);
    }

    /// <summary>The errors of a body that is not valid JSON for its type.</summary>
    public static (Dictionary<string, string[]> Errors, string Detail) OfJson(JsonException json)
    {
        var path = Field(json.Path);
        var missing = MissingProperties().Match(json.Message);
        if (missing.Success)
        {
            var errors = Quoted().Matches(missing.Groups["names"].Value)
                .Select(m => path == "$" ? m.Groups["name"].Value : $"{path}.{m.Groups["name"].Value}")
                .Distinct()
                .ToDictionary(f => f, f => new[] { "This field is required." });
            if (errors.Count > 0)
            {
                return (errors, "Required fields are missing: " + string.Join(", ", errors.Keys) + ".");
            }
        }

        const string Detail = "The request body is not valid JSON for this operation (wrong type, null where a value is required, or a number for a name).";
        return (new Dictionary<string, string[]> { [path] = [$"Not a valid value here."] }, Detail);
    }

    // "$.debtor.address.street" → "debtor.address.street"; "$.amounts[0]" → "amounts[0]"; "$" stays.
    private static string Field(string? path) => path is null or "$" or "" ? "$" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
}
