"""The Flask extensions, created unbound; ``create_app`` binds them to an app.

Flask-Migrate is not here: only the command line needs it (see ``create_app``), and
leaving Alembic out of the serving processes keeps each one ~10 MiB smaller.
"""

from flask_babel import Babel
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# One naming convention, so that constraints have the same names on SQLite and
# PostgreSQL and migrations can find them again.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# A route commits once, then renders or redirects: keeping the loaded values after the
# commit spares a reload query for every object the page still shows.
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
babel = Babel()
csrf = CSRFProtect()
login = LoginManager()
