using System.Collections.Frozen;
using Microsoft.Net.Http.Headers;

namespace P4Orleans.Api.WebConsole;

/// <summary>The console's two languages.</summary>
public enum ConsoleLanguage
{
    French,
    Dutch,
}

/// <summary>
/// The console's texts in French and Dutch, for one request: the language remembered in the <c>p4.lang</c> cookie, else
/// the first of French or Dutch in <c>Accept-Language</c>, else French. A missing key fails loudly (tests open every page).
/// </summary>
public sealed class ConsoleText
{
    /// <summary>The cookie that remembers the choice (a language code, nothing else).</summary>
    public const string Cookie = "p4.lang";

    private const string ItemKey = "p4.console.text";

    private ConsoleText(ConsoleLanguage language) => Language = language;

    public ConsoleLanguage Language { get; }

    /// <summary>The HTML <c>lang</c> code: <c>fr</c> or <c>nl</c>.</summary>
    public string Code => Language == ConsoleLanguage.Dutch ? "nl" : "fr";

    /// <summary>The text of <paramref name="key"/> in this language.</summary>
    public string this[string key] => ConsoleCatalogue.Texts.TryGetValue(key, out var t)
        ? (Language == ConsoleLanguage.Dutch ? t.Dutch : t.French)
        : throw new KeyNotFoundException($"The console has no text '{key}'.");

    /// <summary>The French or Dutch one of two texts given by the platform (a deadline's explanation).</summary>
    public string Pick(string french, string dutch) => Language == ConsoleLanguage.Dutch ? dutch : french;

    /// <summary>A name of an enumeration value (a status...): its translation when the catalogue has one, else the name.</summary>
    public string Name<T>(T value) where T : struct, Enum =>
        ConsoleCatalogue.Texts.TryGetValue(typeof(T).Name + "." + value, out var t) ? (Language == ConsoleLanguage.Dutch ? t.Dutch : t.French) : value.ToString();

    /// <summary>A deadline's name (<c>opposition-window-end</c>...) in this language, or the name itself.</summary>
    public string Deadline(string name) =>
        ConsoleCatalogue.Texts.TryGetValue("deadline." + name, out var t) ? (Language == ConsoleLanguage.Dutch ? t.Dutch : t.French) : name;

    /// <summary>A bulk intake job's status (<c>running</c>, <c>finished</c>...) in this language.</summary>
    public string Job(string status) =>
        ConsoleCatalogue.Texts.TryGetValue("job." + status, out var t) ? (Language == ConsoleLanguage.Dutch ? t.Dutch : t.French) : status;

    /// <summary>A code of a report (an anomaly's or an infraction's kind, a flag) in this language, or the code itself.</summary>
    public string Term(string prefix, string code) =>
        ConsoleCatalogue.Texts.TryGetValue(prefix + "." + code, out var t) ? (Language == ConsoleLanguage.Dutch ? t.Dutch : t.French) : code;

    /// <summary>An amount of euro cents, written the Belgian way.</summary>
    public string Euros(long cents) =>
        (cents / 100m).ToString("N2", System.Globalization.CultureInfo.GetCultureInfo(Language == ConsoleLanguage.Dutch ? "nl-BE" : "fr-BE")) + " €";

    /// <summary>A date, day first.</summary>
    public static string Date(DateOnly? date) => date?.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture) ?? "—";

    /// <summary>An instant, in UTC (the law's days are shown as dates).</summary>
    public static string Instant(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture) ?? "—";

    /// <summary>The request's texts (read once per request).</summary>
    public static ConsoleText Of(HttpContext http)
    {
        if (http.Items[ItemKey] is ConsoleText known)
        {
            return known;
        }
        var text = new ConsoleText(LanguageOf(http.Request));
        http.Items[ItemKey] = text;
        return text;
    }

    /// <summary>A language code of the cookie or the form; null when it is neither <c>fr</c> nor <c>nl</c>.</summary>
    public static ConsoleLanguage? Parse(string? code) => code switch
    {
        "fr" => ConsoleLanguage.French,
        "nl" => ConsoleLanguage.Dutch,
        _ => null,
    };

    private static ConsoleLanguage LanguageOf(HttpRequest request)
    {
        if (Parse(request.Cookies[Cookie]) is { } chosen)
        {
            return chosen;
        }
        if (StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptLanguage, out var accepted))
        {
            foreach (var value in accepted.OrderByDescending(a => a.Quality ?? 1))
            {
                var tag = value.Value.Value ?? "";
                if (tag.StartsWith("nl", StringComparison.OrdinalIgnoreCase))
                {
                    return ConsoleLanguage.Dutch;
                }
                if (tag.StartsWith("fr", StringComparison.OrdinalIgnoreCase))
                {
                    return ConsoleLanguage.French;
                }
            }
        }
        return ConsoleLanguage.French;
    }
}

internal static partial class ConsoleCatalogue
{
    public static FrozenDictionary<string, (string French, string Dutch)> Texts { get; } = Build().ToFrozenDictionary(StringComparer.Ordinal);
}
