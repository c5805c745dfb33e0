// Placeholder so the stage library exists; replaced by the stage's code.
namespace jixiao {}
