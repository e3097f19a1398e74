//! Generator of the glTF model.
