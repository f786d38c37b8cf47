//! SCIM 2.0: schemas, resources, PATCH.
