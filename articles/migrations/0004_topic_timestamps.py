import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_full_text_search")]

    operations = [
        migrations.AddField(
            model_name="topic",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, db_index=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="topic",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, db_index=True),
        ),
    ]
