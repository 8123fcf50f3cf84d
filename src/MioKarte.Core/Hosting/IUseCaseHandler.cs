namespace MioKarte.Core.Hosting;

/// <summary>
/// A use case's handler (one class per use case, taken by controllers). The portal registers every
/// public class that implements this as scoped (<c>PortalComposition.AddUseCaseHandlers</c>): the interface,
/// not a name suffix, decides, so a helper named "…Handler" (an HTTP <c>DelegatingHandler</c>, an
/// authorization handler) is never picked up by accident, and a handler is never missed for its name.
/// </summary>
#pragma warning disable CA1040 // A marker interface on purpose: registration by type, checked by UseCaseHandlerRegistrationTests.
public interface IUseCaseHandler;
#pragma warning restore CA1040
