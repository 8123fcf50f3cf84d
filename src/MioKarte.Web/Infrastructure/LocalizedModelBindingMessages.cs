using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace MioKarte.Web.Infrastructure;

/// <summary>Model-binding messages ("値が不正です" …) in the user's language instead of English defaults.</summary>
public sealed class LocalizedModelBindingMessages(IStringLocalizerFactory factory) : IConfigureOptions<MvcOptions>
{
    public void Configure(MvcOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var text = factory.Create(typeof(SharedResource));
        var messages = options.ModelBindingMessageProvider;
        messages.SetValueMustNotBeNullAccessor(_ => text["Validation.Required"]);
        messages.SetMissingBindRequiredValueAccessor(_ => text["Validation.Required"]);
        messages.SetMissingKeyOrValueAccessor(() => text["Validation.Required"]);
        messages.SetAttemptedValueIsInvalidAccessor((_, _) => text["Validation.Invalid"]);
        messages.SetUnknownValueIsInvalidAccessor(_ => text["Validation.Invalid"]);
        messages.SetValueIsInvalidAccessor(_ => text["Validation.Invalid"]);
        messages.SetValueMustBeANumberAccessor(_ => text["Validation.Number"]);
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(_ => text["Validation.Invalid"]);
        messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => text["Validation.Invalid"]);
        messages.SetNonPropertyValueMustBeANumberAccessor(() => text["Validation.Number"]);
        messages.SetMissingRequestBodyRequiredValueAccessor(() => text["Validation.Required"]);
    }
}
